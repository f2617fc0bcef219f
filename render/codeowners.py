"""``nmr codeowners``: .github/CODEOWNERS from policy/units.yaml (第七条 routing).

- ``accounts/<unit>/`` → the unit's team and 党委组宣部's team (the approver, 第五条/第七条);
  a student organisation also → its guide units' teams (学生处、团委, 第七条);
- ``policy/``, ``schemas/``, ``checks/``, ``render/``, ``.github/`` → 党委组宣部 and the maintainers;
- everything else → the maintainers.

GitHub applies the last matching line, so general lines come first.
"""

from __future__ import annotations

from schemas.models import Policy, UnitsFile

PATH = ".github/CODEOWNERS"
SHARED = ("/policy/", "/schemas/", "/checks/", "/render/", "/.github/")


def codeowners(policy: Policy, units: UnitsFile) -> str:
    by_id = {unit.id: unit for unit in units.units}
    approver = by_id[policy.approver_unit].team if policy.approver_unit in by_id else None
    lines = [
        "# 由 nmr codeowners 根据 policy/units.yaml 生成，请勿手工修改；",
        "# 修改单位名录后运行 nmr codeowners 重新生成（CI 会检查是否一致）。",
        "",
        f"* {policy.maintainers}",
        "",
        "# 规则、模板和流程：党委组宣部与本库维护团队",
    ]
    for path in SHARED:
        lines.append(" ".join(filter(None, (path, approver, policy.maintainers))))
    lines += ["", "# 各单位的账号：本单位与党委组宣部；学团组织另加指导单位（第七条）"]
    for unit in units.units:
        owners = [unit.team]
        for guide in unit.guided_by or []:
            if guide in by_id and by_id[guide].team not in owners:
                owners.append(by_id[guide].team)
        if approver and approver not in owners:
            owners.append(approver)
        lines.append(f"/accounts/{unit.id}/ {' '.join(owners)}")
    return "\n".join(lines) + "\n"
