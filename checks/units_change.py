"""第四条/第十二条 units-change: changes to policy/units.yaml that reviewers must see.

Removing a unit that still hosts accounts leaves them without a host (第四条): an error.
A change of a unit's heads (第十二条 第一责任人) is a warning, so the reviewer sees it; the
unit's next filings are signed by the new heads (filing-signed-by-head).

PASS (the change)::

    +  - {id: new-college, name: 新学院, …}

FAIL::

    -  - {id: law, …}                                  # accounts/law/ still has accounts
    -    heads: [{name: 蔡子涵, title: 院长}]
    +    heads: [{name: 王芳, title: 院长}]             # warning
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.base import ChangeSet, Context, change_rule
from schemas.finding import Finding, RuleInfo, Severity
from schemas.text import Msg

INFO = RuleInfo(
    "units-change",
    4,
    Severity.ERROR,
    Msg("删除仍有账号的单位为错误；负责人变更提示审核人", "unit removals and head changes"),
)


def describe(heads: list[tuple[str, str]]) -> str:
    return "、".join(f"{name}（{title}）" for name, title in heads) or "（无）"


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    if not change.units_changed or change.old_units is None or registry.units_file is None:
        return
    hosted: dict[str, int] = {}
    for entry in registry.entries:
        parts = entry.path.split("/")
        if len(parts) == 3:
            hosted[parts[1]] = hosted.get(parts[1], 0) + 1
    for unit in change.old_units.units:
        current = registry.unit(unit.id)
        if current is None:
            if hosted.get(unit.id):
                yield registry.in_units(
                    INFO,
                    ("units",),
                    Msg(
                        f"删除了单位 {unit.id}（{unit.name}），但 accounts/{unit.id}/ 下仍有 {hosted[unit.id]} 个账号",
                        f"unit {unit.id} was removed but hosts {hosted[unit.id]} accounts",
                    ),
                    Msg(
                        "先把这些账号注销或变更主办单位（重新备案），再删除单位。",
                        "Close or move its accounts (with a unit-change filing) first.",
                    ),
                    on_key=True,
                )
            continue
        # heads in office today: a past head kept for history (with ``until``) is no change
        before = [(head.name, head.title) for head in unit.heads if head.in_office(ctx.today)]
        after = [(head.name, head.title) for head in current.heads if head.in_office(ctx.today)]
        if before != after:
            index = next(i for i, u in enumerate(registry.units) if u.id == unit.id)
            yield registry.in_units(
                RuleInfo(INFO.id, 12, Severity.WARNING, INFO.title),
                ("units", index, "heads"),
                Msg(
                    f"{unit.name}的党政主要负责人变更：{describe(before)} → {describe(after)}",
                    f"heads of {unit.name} changed: {describe(before)} → {describe(after)}",
                ),
                Msg(
                    "请审核人核实人事变动；此后该单位的备案须由新负责人签字。",
                    "Reviewers: confirm the change; later filings are signed by the new heads.",
                ),
                on_key=True,
            )


RULE = change_rule(INFO, check, __doc__)
