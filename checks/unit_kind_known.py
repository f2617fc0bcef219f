"""unit-kind-known: every unit is of a kind policy.yaml lists, under the parent that kind asks for.

``unit_kinds`` in policy.yaml lists the kinds of unit this institution's Measures know (部门,
二级学院, 校级学生组织…) and, for each, whether its units belong to a parent unit (an account of
a 二级单位's sub-unit is agreed by the 二级单位 first) and on which tier it sits. A unit of an
unlisted kind, a parent that is missing, unknown, the unit itself or part of a loop, and a parent
on the same or a lower tier are reported at their line in units.yaml. A kind whose filings are
signed by the parent's or the guides' heads must have a parent or guides to sign.

PASS (学院属于系院部)::

    # base: units
    # path: policy/units.yaml

FAIL (单位类别写错了)::

    # base: units
    # path: policy/units.yaml
    # expect: unit-kind-known 2 25:11 未知的单位类别 acadmic
    -    kind: academic
    +    kind: acadmic

FAIL (系院部不设上级单位)::

    # base: units
    # path: policy/units.yaml
    # expect: unit-kind-known 2 26:13 系院部不设上级单位，法学院不应填写 parent
         kind: academic
    +    parent: law-school
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    kind_of,
    registry_rule,
)

KINDS_AND_PARENTS = Template(
    "unit-kind-known.kinds-and-parents",
    "单位类别是 policy.yaml 的 unit_kinds 之一，上级单位按类别要求填写",
    "units are of a listed kind, with the parent their kind asks for",
)
UNKNOWN_KIND = Template(
    "unit-kind-known.unknown-kind",
    "未知的单位类别 {kind}（{name}）",
    "unknown unit kind {kind} ({name})",
)
USE_A_KIND = Template(
    "unit-kind-known.use-a-kind",
    "kind 改为 policy.yaml 的 unit_kinds 之一：{kinds}。",
    "Set kind to one of policy.yaml unit_kinds: {kinds}.",
)
NEEDS_PARENT = Template(
    "unit-kind-known.needs-parent",
    "{name}是{label}，须写明上级单位（parent）",
    "{name} is a {label} and needs a parent",
)
ADD_PARENT = Template(
    "unit-kind-known.add-parent",
    "添加 parent: <上级单位编号>，其账号先经上级单位同意。",
    "Add parent: <unit id>; its accounts are agreed by the parent first.",
)
NO_PARENT_EXPECTED = Template(
    "unit-kind-known.no-parent-expected",
    "{label}不设上级单位，{name}不应填写 parent",
    "a {label} has no parent; {name} should not name one",
)
REMOVE_PARENT = Template(
    "unit-kind-known.remove-parent",
    "删除 parent，或在 policy.yaml 的 unit_kinds 中为这一类别写 parent: optional。",
    "Remove parent, or set parent: optional for this kind in policy.yaml.",
)
UNKNOWN_PARENT = Template(
    "unit-kind-known.unknown-parent",
    "上级单位 {parent} 不在单位名录中",
    "parent {parent} is not a listed unit",
)
BAD_PARENT = Template(
    "unit-kind-known.bad-parent",
    "{name}的上级单位形成循环（{chain}）",
    "{name}'s parents form a loop ({chain})",
)
FIX_PARENT = Template(
    "unit-kind-known.fix-parent",
    "parent 写所属一级单位的编号（policy/units.yaml 中的 id），不能是本单位或其下级。",
    "Name the unit's parent by its id; not the unit itself or one below it.",
)
TIER_ORDER = Template(
    "unit-kind-known.tier-order",
    "{name}（第 {tier} 级）的上级单位{parent}在第 {parent_tier} 级，上级单位的层级须更高",
    "{name} (tier {tier}) has parent {parent} on tier {parent_tier}; a parent sits higher",
)
SIGNER_MISSING = Template(
    "unit-kind-known.signer-missing",
    "单位类别 {kind} 由{who}负责人签字，但这一类别{why}",
    "kind {kind} is signed by the {who}'s heads, but {why}",
)
SIGNERS = {
    "parent": (
        Template("unit-kind-known.parent", "上级单位", "parent"),
        Template("unit-kind-known.has-no-parent", "不设上级单位", "it has no parent"),
    ),
    "guide": (
        Template("unit-kind-known.guide", "指导单位", "guide unit"),
        Template("unit-kind-known.not-guided", "不由指导单位指导", "it is not guided"),
    ),
}
MATCH_SIGNER = Template(
    "unit-kind-known.match-signer",
    "改为 signed_by: own，或为这一类别写 parent: required / guided: true。",
    "Use signed_by: own, or give the kind parent: required / guided: true.",
)

INFO = RuleInfo("unit-kind-known", "unit-kinds", Severity.ERROR, KINDS_AND_PARENTS())


def _kinds(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    for key, kind in registry.policy.unit_kinds.items():
        lacks = {"parent": kind.parent == "none", "guide": not kind.guided}.get(kind.signed_by)
        if lacks:
            who, why = SIGNERS[kind.signed_by]
            message = SIGNER_MISSING(kind=key, who=who(), why=why())
            where = ("unit_kinds", key, "signed_by")
            yield registry.in_policy(INFO, where, message, MATCH_SIGNER())


def _loop(ctx: Context, unit_id: str) -> list[str] | None:
    """The chain of parents from ``unit_id`` when it comes back to a unit already seen."""
    chain = [unit_id]
    unit = ctx.registry.unit(unit_id)
    while unit is not None and unit.parent is not None:
        if unit.parent in chain:
            return [*chain, unit.parent]
        chain.append(unit.parent)
        unit = ctx.registry.unit(unit.parent)
    return None


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    policy = registry.policy
    yield from _kinds(ctx)
    for index, unit in enumerate(registry.units):
        where = ("units", index)
        kind = policy.unit_kinds.get(unit.kind)
        if kind is None:
            message = UNKNOWN_KIND(kind=unit.kind, name=unit.name)
            hint = USE_A_KIND(kinds=list(policy.unit_kinds))
            yield registry.in_units(INFO, (*where, "kind"), message, hint)
            continue
        if unit.parent is None:
            if kind.parent == "required":
                message = NEEDS_PARENT(name=unit.name, label=kind.label)
                yield registry.in_units(INFO, where, message, ADD_PARENT(), on_key=True)
            continue
        at = (*where, "parent")
        parent = registry.unit(unit.parent)
        loop = _loop(ctx, unit.id)
        if kind.parent == "none":
            message = NO_PARENT_EXPECTED(label=kind.label, name=unit.name)
            yield registry.in_units(INFO, at, message, REMOVE_PARENT())
        elif parent is None:
            yield registry.in_units(INFO, at, UNKNOWN_PARENT(parent=unit.parent), FIX_PARENT())
        elif loop is not None:
            message = BAD_PARENT(name=unit.name, chain=" → ".join(loop))
            yield registry.in_units(INFO, at, message, FIX_PARENT())
        else:
            tier, parent_tier = kind.tier, kind_of(policy, parent).tier
            if tier is not None and parent_tier is not None and parent_tier >= tier:
                message = TIER_ORDER(
                    name=unit.name, tier=tier, parent=parent.name, parent_tier=parent_tier
                )
                yield registry.in_units(INFO, at, message, FIX_PARENT())


RULE = registry_rule(INFO, check, __doc__)
