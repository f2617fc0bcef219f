"""第四条/第十二条 units-change: changes to policy/units.yaml that reviewers must see.

Removing a unit that still hosts accounts leaves them without a host (第四条): an error.
A change of a unit's heads (第十二条 第一责任人) is a warning, so the reviewer sees it; the
unit's next filings are signed by the new heads (filing-signed-by-head). A change of a unit's
team, kind or guide units reroutes who reviews its accounts (CODEOWNERS, the approvals
check, 第七条): a warning naming old → new, which the approver unit must approve.

PASS (the change)::

    +  - {id: new-college, name: 新学院, …}

FAIL::

    -  - {id: law, …}                                  # accounts/law/ still has accounts
    -    heads: [{name: 蔡子涵, title: 院长}]
    +    heads: [{name: 王芳, title: 院长}]             # warning
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    ChangeSet,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    change_rule,
)

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


ROUTING = (("team", "审核团队"), ("kind", "单位类别"), ("guided_by", "指导单位"))


def _routing(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    """Team, kind and guide units: who reviews a unit's accounts."""
    registry = ctx.registry
    if change.old_units is None:
        return
    old = {unit.id: unit for unit in change.old_units.units}
    for index, unit in enumerate(registry.units):
        before = old.get(unit.id)
        if before is None:
            continue
        for key, label in ROUTING:
            was, now = getattr(before, key), getattr(unit, key)
            if was == now:
                continue
            yield registry.in_units(
                RuleInfo(INFO.id, 7, Severity.WARNING, INFO.title),
                ("units", index, key),
                Msg(
                    f"{unit.name}的{label}变更：{_shown(was)} → {_shown(now)}；审核该单位账号的人随之改变",
                    f"{key} of {unit.name} changed: {_shown(was)} → {_shown(now)}",
                ),
                Msg(
                    "这一修改须经审批单位批准（第七条）；合并后运行 nmr codeowners 并一起提交。",
                    "The approver unit must approve this; regenerate CODEOWNERS.",
                ),
                on_key=True,
            )


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "、".join(map(str, value)) or "（无）"
    return str(value) if value is not None else "（无）"


def check_all(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    yield from check(change, ctx)
    if change.units_changed:
        yield from _routing(change, ctx)


RULE = change_rule(INFO, check_all, __doc__)
