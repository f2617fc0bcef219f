"""``nmr codeowners``: .github/CODEOWNERS and .gitlab/CODEOWNERS (GitLab reads only the root,
docs/ or .gitlab/) from policy/units.yaml (第七条 routing).

- ``accounts/<unit>/`` → the approver unit's team (第五条), and for a student organisation its
  guide units' teams too (学生处、团委, 第七条). Never the unit's own team: GitHub lets any
  one owner on a line satisfy "review from code owners", so a unit listed there could approve
  its own filing. CODEOWNERS routes the review requests; the required status check of
  ``nmr approvals`` demands every approver unit (CODEOWNERS cannot require two teams);
- ``policy/``, ``schemas/``, the tool's code (``checks/``, ``render/``, ``nmr/``), its pins
  (``pyproject.toml``) and the CI files (``.github/``, ``.gitlab/``, ``.gitlab-ci.yml``, ``.ci/``)
  → the approver unit and the maintainers: a change there changes every verdict;
- everything else → the maintainers.

GitHub applies the last matching line, so general lines come first.
"""

from __future__ import annotations

from nmr.engine.office import kind_of
from nmr.schemas.models import Policy, UnitsFile
from nmr.schemas.text import art

PATH = ".github/CODEOWNERS"
# GitLab reads CODEOWNERS only from the root, docs/ or .gitlab/: the same file goes there too.
PATHS = (PATH, ".gitlab/CODEOWNERS")
# What decides a verdict: the rules and the tool's code, its pins, and the CI that runs it.
SHARED = (
    "/policy/",
    "/schemas/",
    "/checks/",
    "/render/",
    "/nmr/",
    "/pyproject.toml",
    "/Makefile",
    "/.ci/",
    "/.github/",
    "/.gitlab/",
    "/.gitlab-ci.yml",
    "/.pre-commit-config.yaml",
    "/.pre-commit-hooks.yaml",
)


def codeowners(policy: Policy, units: UnitsFile) -> str:
    by_id = {unit.id: unit for unit in units.units}
    approver_unit = by_id.get(policy.approver_unit)
    approver = approver_unit.team if approver_unit is not None else None
    approver_name = approver_unit.name if approver_unit is not None else policy.approver_unit
    lines = [
        "# 由 nmr codeowners 根据 policy/units.yaml 生成，请勿手工修改；",
        "# 修改单位名录后运行 nmr codeowners 重新生成（CI 会检查是否一致）。",
        "",
        f"* {policy.maintainers}",
        "",
        f"# 规则、模板和流程：{approver_name}与本库维护团队",
    ]
    for path in SHARED:
        lines.append(" ".join(filter(None, (path, approver, policy.maintainers))))
    lines += [
        "",
        f"# 各单位的账号：由审批单位审核（{art('filing')}）；学团组织另加指导单位（{art('student-org-guidance')}）。",
        "# 不列本单位自己的团队：同一行中任一团队批准即可，列上就等于允许自己审批自己。",
        "# 每个审批单位都批准了，由必需的状态检查“审批人已批准”（nmr approvals）核对。",
    ]
    for unit in units.units:
        owners = [approver] if approver else []
        others = [unit.parent] if unit.parent else []
        others += unit.guided_by or [] if kind_of(policy, unit).guided else []
        for other in others:
            if other in by_id and by_id[other].team not in owners and other != unit.id:
                owners.append(by_id[other].team)
        lines.append(f"/accounts/{unit.id}/ {' '.join(owners) or policy.maintainers}")
    return "\n".join(lines) + "\n"
