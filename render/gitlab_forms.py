"""GitLab issue templates (``.gitlab/issue_templates/*.md``) from the same form definitions as
the GitHub issue forms (nmr.render.issue_forms).

Each field becomes a ``### 标签`` section, as GitHub writes a filled form into the issue body,
so ``nmr from-issue`` reads either forge's issue the same way. The field's description and
choices go in an HTML comment (GitLab hides it when shown), the confirmations stay
checkboxes, and a ``/label`` quick action labels the issue as the GitHub form does.
"""

from __future__ import annotations

from nmr.engine.registry import Registry
from nmr.render.issue_forms import Field, Form, forms

FOLDER = ".gitlab/issue_templates"


def _comment(text: str) -> str:
    return "<!-- " + text.replace("--", "—").strip() + " -->"


def _field(item: Field) -> list[str]:
    hint = [item.description]
    if item.options:
        hint.append("选一项：" + "、".join(item.options))
    hint.append("必填" if item.required else "可不填")
    return [f"### {item.label}", "", _comment("；".join(part for part in hint if part)), ""]


def template(form: Form) -> str:
    lines = [_comment(form.intro), ""]
    for item in form.fields:
        lines += _field(item)
    if form.confirm:
        lines += ["### 主办单位确认", "", *(f"- [ ] {text}" for text in form.confirm), ""]
    lines.append(f'/label ~"{form.name}"')
    return "\n".join(lines) + "\n"


def gitlab_templates(registry: Registry) -> dict[str, str]:
    """Path → Markdown of every GitLab issue template."""
    return {f"{FOLDER}/{form.name}.md": template(form) for form in forms(registry)}
