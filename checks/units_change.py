"""units-change: changes to policy/units.yaml that reviewers must see.

Removing a unit that still hosts accounts leaves them without a host ({art_host_unit}): an error.
A change of a unit's heads ({art_unit_heads} 第一责任人) is a warning, so the reviewer sees it; the
unit's next filings are signed by the new heads (filing-signed-by-head). A change of a unit's
team, kind or guide units reroutes who reviews its accounts (CODEOWNERS, the approvals
check, {art_student_org_guidance}): a warning naming old → new, which the approver unit must approve.

PASS (新增一个单位)::

    # base: units
    # path: policy/units.yaml
         team: "@culr/law"
    +  - id: new-college
    +    name: 新学院
    +    kind: academic
    +    heads: [{name: 王芳, title: 院长}]
    +    team: "@culr/new-college"

FAIL (法学院的党政主要负责人变更：警告，请审核人确认)::

    # base: units
    # path: policy/units.yaml
    -    heads: [{name: 蔡子涵, title: 院长}]
    +    heads: [{name: 王芳, title: 院长}]
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
    Template,
    change_rule,
)

UNIT_REMOVALS_AND_HEAD_CHANGES = Template(
    "units-change.unit-removals-and-head-changes",
    "删除仍有账号的单位为错误；负责人变更提示审核人",
    "unit removals and head changes",
)
HEADS_CHANGED = Template(
    "units-change.heads-changed",
    "{name}的党政主要负责人变更：{before} → {after}",
    "heads of {name} changed: {before} → {after}",
)
REVIEWERS_CONFIRM_CHANGE_LATER_FILINGS = Template(
    "units-change.reviewers-confirm-change-later-filings",
    "请审核人核实人事变动；此后该单位的备案须由新负责人签字。",
    "Reviewers: confirm the change; later filings are signed by the new heads.",
)
CHANGED = Template(
    "units-change.changed",
    "{name}的{label}变更：{before} → {after}；审核该单位账号的人随之改变",
    "{key} of {name} changed: {before} → {after}",
)
APPROVER_UNIT_MUST_APPROVE_THIS = Template(
    "units-change.approver-unit-must-approve-this",
    "这一修改须经审批单位批准（{art_student_org_guidance}）；合并后运行 nmr codeowners 并一起提交。",
    "The approver unit must approve this; regenerate CODEOWNERS.",
)
UNIT_WAS_REMOVED_BUT_HOSTS = Template(
    "units-change.unit-was-removed-but-hosts",
    "删除了单位 {id}（{name}），但 accounts/{id}/ 下仍有 {hosted} 个账号",
    "unit {id} was removed but hosts {hosted} accounts",
)
CLOSE_OR_MOVE_ITS_ACCOUNTS = Template(
    "units-change.close-or-move-its-accounts",
    "先把这些账号注销或变更主办单位（重新备案），再删除单位。",
    "Close or move its accounts (with a unit-change filing) first.",
)

HEAD = Template("units-change.head", "{name}（{title}）", "{name} ({title})")

INFO = RuleInfo(
    "units-change",
    "host-unit",
    Severity.ERROR,
    UNIT_REMOVALS_AND_HEAD_CHANGES(),
)

# A change of heads is a matter of 第一责任人; of team, kind or guides, of who reviews (warnings).
HEADS = RuleInfo(INFO.id, "unit-heads", Severity.WARNING, INFO.title)
ROUTING_INFO = RuleInfo(INFO.id, "student-org-guidance", Severity.WARNING, INFO.title)


def describe(heads: list[tuple[str, str]]) -> list[Msg]:
    return [HEAD(name=name, title=title) for name, title in heads]


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
                    UNIT_WAS_REMOVED_BUT_HOSTS(id=unit.id, name=unit.name, hosted=hosted[unit.id]),
                    CLOSE_OR_MOVE_ITS_ACCOUNTS(),
                    on_key=True,
                )
            continue
        # heads in office today: a past head kept for history (with ``until``) is no change
        before = [(head.name, head.title) for head in unit.heads if head.in_office(ctx.today)]
        after = [(head.name, head.title) for head in current.heads if head.in_office(ctx.today)]
        if before != after:
            index = next(i for i, u in enumerate(registry.units) if u.id == unit.id)
            yield registry.in_units(
                HEADS,
                ("units", index, "heads"),
                HEADS_CHANGED(name=unit.name, before=describe(before), after=describe(after)),
                REVIEWERS_CONFIRM_CHANGE_LATER_FILINGS(),
                on_key=True,
            )


ROUTING = (
    ("team", Template("units-change.team", "审核团队", "review team")),
    ("kind", Template("units-change.kind", "单位类别", "kind")),
    ("guided_by", Template("units-change.guided-by", "指导单位", "guiding units")),
)


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
                ROUTING_INFO,
                ("units", index, key),
                CHANGED(
                    name=unit.name, label=label(), before=_shown(was), after=_shown(now), key=key
                ),
                APPROVER_UNIT_MUST_APPROVE_THIS(),
                on_key=True,
            )


def _shown(value: object) -> object:
    """A list as it is (the message joins it); nothing as an empty list, shown as "none"."""
    return [] if value is None else value


def check_all(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    yield from check(change, ctx)
    if change.units_changed:
        yield from _routing(change, ctx)


RULE = change_rule(INFO, check_all, __doc__, HEADS, ROUTING_INFO)
