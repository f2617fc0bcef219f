"""``nmr init DIR``: a new, data-only registry that checks clean straight away.

It holds ``accounts/``, a commented ``policy/`` to edit (this tool's Measures as the model,
with the institution's own name), the JSON schemas for editors, CODEOWNERS where GitHub and
GitLab read it, the workflows for both forges (which install a pinned nmr rather than carry
its code), the issue forms, a README for the units and reviewers, and a ``.gitignore``.

The folder is built aside and moved into place whole: a failure leaves nothing half made,
and an existing folder with anything in it is never touched.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from nmr.engine.registry import load_frame
from nmr.render.codeowners import PATHS, codeowners
from nmr.render.gitlab_forms import gitlab_templates
from nmr.render.issue_forms import github_forms
from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template, use_policy_names

STARTER = Path(__file__).resolve().parent / "templates" / "starter"
HOME = "https://github.com/culr/nmr"

# Starter file → where it goes in the new registry.
FILES = {
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "units.yaml": "policy/units.yaml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    **{
        f"github/workflows/{name}": f".github/workflows/{name}"
        for name in ("check.yml", "approvals.yml", "deadlines.yml", "pages.yml", "from-issue.yml")
    },
    "github/ISSUE_TEMPLATE/config.yml": ".github/ISSUE_TEMPLATE/config.yml",
}

NOT_EMPTY = Template(
    "render.starter.not-empty",
    "{path} 已存在且不是空文件夹：nmr init 只在新的或空的文件夹里建库，不会覆盖任何文件。",
    "{path} exists and is not an empty folder; nmr init never overwrites anything.",
)
BAD_NAME = Template(
    "render.starter.bad-name",
    "--institution 应是一行文字（不超过 100 个字，不含换行等控制字符）",
    "--institution must be one line of printable text (at most 100 characters)",
)
BAD_ORG = Template(
    "render.starter.bad-org",
    "--org 应形如 @学校组织名（字母、数字、连字符）",
    "--org must look like @your-org",
)
POLICY_HEADER = """\
# {institution}新媒体管理办法的参数（nmr init 生成的起点）。
# 下面的条款原文（articles）是本工具范本《{model}》的：
# 请换成本单位办法的原文，并按本单位的规定修改施行日期、审批单位、期限等参数；改完运行 nmr check。
# 本文件和 policy/units.yaml 决定全部检查结果，修改须经审批单位和维护团队审核（见 CODEOWNERS）。
"""


def tool_requirement() -> str:
    """The pinned nmr this registry's CI installs: this very version, from the tool's home."""
    try:
        current = version("nmr")
    except PackageNotFoundError:
        current = "0.1.0"
    return f"nmr @ git+{HOME}@v{current}"


def _policy_text(institution: str, org: str) -> str:
    text = (STARTER / "policy.yaml").read_text(encoding="utf-8")
    model = re.search(r"(?m)^measures: (.*)$", text)
    # JSON strings are YAML: "123", "yes" or "@大学" stay text, never a number, a boolean or junk
    name = json.dumps(institution, ensure_ascii=False)
    measures = json.dumps(f"{institution}新媒体管理办法", ensure_ascii=False)
    text = re.sub(r"(?m)^institution: .*$", lambda _: f"institution: {name}", text, count=1)
    text = re.sub(r"(?m)^measures: .*$", lambda _: f"measures: {measures}", text, count=1)
    text = re.sub(
        r'(?m)^maintainers: "[^"]*"',
        f'maintainers: "{org}/nmr-maintainers"',
        text,
        count=1,
    )
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# 《实施办法》"))
    header = POLICY_HEADER.format(institution=institution, model=model.group(1) if model else "")
    return header + body + "\n"


# The tool's own pipeline installs the nmr of the target branch (its code is in the
# repository); a data-only registry installs the pinned release instead.
GITLAB_INSTALLS = (
    (
        """    - rm -rf /tmp/nmr-base && mkdir -p /tmp/nmr-base
    - git archive "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" | tar -x -C /tmp/nmr-base
    - python -m pip install --quiet /tmp/nmr-base
""",
        """    - python -m pip install --quiet "$NMR_TOOL"
""",
    ),
    (
        """    - python -m pip install --quiet .
""",
        """    - python -m pip install --quiet "$NMR_TOOL"
""",
    ),
    (
        "stages: [check, publish, remind]\n",
        'stages: [check, publish, remind]\n\nvariables:\n  NMR_TOOL: "@@TOOL@@"  # 升级工具时改这里的版本\n',
    ),
    (
        "# 合并请求用的是目标分支上的 nmr（规则、结构和代码），不是合并请求里的：本次变更改不了检查它的规则。\n",
        "# 用的是下面写定版本的 nmr，不是合并请求里的任何代码；规则的设置在 policy/（由 CODEOWNERS 保护）。\n",
    ),
)


def gitlab_pipeline(text: str) -> str:
    """This tool's .gitlab-ci.yml, installing the pinned nmr rather than the checkout's."""
    for old, new in GITLAB_INSTALLS:
        if old not in text:
            raise ValueError(f"the GitLab pipeline changed; update GITLAB_INSTALLS: {old!r}")
        text = text.replace(old, new)
    return text


def _filled(text: str, institution: str, org: str, tool: str) -> str:
    return (
        text.replace("@@INSTITUTION@@", institution)
        .replace("@@ORG@@", org)
        .replace("@@TOOL@@", tool)
        .replace("@@HOME@@", HOME)
    )


def _check_arguments(institution: str, org: str) -> None:
    if not institution.strip() or len(institution) > 100 or not institution.isprintable():
        raise NmrError(BAD_NAME())
    if not re.fullmatch(r"@[A-Za-z0-9][A-Za-z0-9-]{0,38}", org):
        raise NmrError(BAD_ORG())


def _derived(stage: Path) -> None:
    """Schemas, CODEOWNERS and the issue forms, generated from the new policy as
    nmr would later (nmr codeowners, nmr forms)."""
    from nmr.schemas import generate

    (stage / "schemas").mkdir()
    generate.main([str(stage / "schemas"), str(stage)])
    registry, _ = load_frame(stage)
    assert registry is not None and registry.units_file is not None  # tested to be valid
    use_policy_names(registry.names)  # CODEOWNERS cites the new policy's articles
    owners = codeowners(registry.policy, registry.units_file)
    generated = {
        **dict.fromkeys(PATHS, owners),
        **github_forms(registry),
        **gitlab_templates(registry),
    }
    for path, text in generated.items():
        (stage / path).parent.mkdir(parents=True, exist_ok=True)
        (stage / path).write_text(text, encoding="utf-8")


def init(target: Path, institution: str, org: str, tool: str | None = None) -> list[str]:
    """Create the registry at ``target``; the files written, relative to it."""
    _check_arguments(institution, org)
    if target.is_symlink() or (target.exists() and (not target.is_dir() or any(target.iterdir()))):
        raise NmrError(NOT_EMPTY(path=target))
    requirement = tool or tool_requirement()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".nmr-init-", dir=target.parent))
    try:
        (stage / "accounts").mkdir()
        (stage / "policy").mkdir()
        (stage / "policy/policy.yaml").write_text(_policy_text(institution, org), "utf-8")
        for source, destination in FILES.items():
            text = (STARTER / source).read_text(encoding="utf-8")
            if source == "gitlab-ci.yml":
                text = gitlab_pipeline(text)
            (stage / destination).parent.mkdir(parents=True, exist_ok=True)
            (stage / destination).write_text(_filled(text, institution, org, requirement), "utf-8")
        _derived(stage)
        written = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
        if target.exists():
            target.rmdir()  # empty, checked above
        stage.rename(target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return written
