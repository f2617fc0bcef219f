"""GitLab issue templates (``.gitlab/issue_templates/*.md``) from the GitHub issue forms.

One source for both forges: each form field becomes a ``### 标签`` section, as GitHub writes
a filled form into the issue body, so ``nmr from-issue`` reads either the same way. The
field's description and choices go in an HTML comment (GitLab hides it when shown), the
checkboxes stay checkboxes, and a ``/label`` quick action labels the issue as the form does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FORMS = ("register.yml", "change-managers.yml", "close.yml")
FOLDER = ".gitlab/issue_templates"


def _comment(text: str) -> str:
    return "<!-- " + text.replace("--", "—").strip() + " -->"


def _field(item: dict[str, Any]) -> list[str]:
    attributes = item.get("attributes") or {}
    kind = item.get("type")
    if kind == "markdown":
        return [_comment(str(attributes.get("value", ""))), ""]
    lines = [f"### {attributes.get('label', item.get('id', ''))}", ""]
    hint = [str(attributes.get("description") or "")]
    if kind == "dropdown":
        hint.append("选一项：" + "、".join(str(o) for o in attributes.get("options") or []))
    if (item.get("validations") or {}).get("required"):
        hint.append("必填")
    if kind == "checkboxes":
        lines += [f"- [ ] {option.get('label', '')}" for option in attributes.get("options") or []]
    else:
        lines.append(_comment("；".join(part for part in hint if part)))
    return [*lines, ""]


def template(form: dict[str, Any]) -> tuple[str, str]:
    """(file name, Markdown) of one GitHub issue form."""
    lines: list[str] = []
    for item in form.get("body") or []:
        lines += _field(item)
    labels = " ".join(f'~"{label}"' for label in form.get("labels") or [])
    lines += [f"/label {labels}" if labels else "", ""]
    return f"{form['name']}.md", "\n".join(lines).rstrip("\n") + "\n"


def templates(forms_dir: Path) -> dict[str, str]:
    """File name → Markdown for every form in ``forms_dir`` (.github/ISSUE_TEMPLATE)."""
    out = {}
    for name in FORMS:
        form = yaml.safe_load((forms_dir / name).read_text(encoding="utf-8"))
        file_name, text = template(form)
        out[file_name] = text
    return out
