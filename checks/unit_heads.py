"""unit-heads: every unit names its 党政主要负责人, the first responsible persons.

{art_unit_heads}: the heads of the host unit are its first responsible persons. Filings are signed
by one of them (filing-signed-by-head). Unit ids are unique.

PASS (每个单位都有负责人)::

    # base: units
    # path: policy/units.yaml

FAIL (法学院没有负责人)::

    # base: units
    # path: policy/units.yaml
    # expect: unit-heads 12 26:5 法学院没有登记党政主要负责人
    -    heads: [{name: 蔡子涵, title: 院长}]
    +    heads: []

FAIL (负责人姓名待定)::

    # base: units
    # path: policy/units.yaml
    # expect: unit-heads 12 26:20 “待定”不是真实姓名
    -    heads: [{name: 蔡子涵, title: 院长}]
    +    heads: [{name: 待定, title: 院长}]
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    is_placeholder,
    registry_rule,
)

EACH_UNIT_NAMES_ITS_HEADS = Template(
    "unit-heads.each-unit-names-its-heads",
    "每个单位须登记党政主要负责人（第一责任人）",
    "each unit names its heads",
)
UNIT_ID_APPEARS_TWICE = Template(
    "unit-heads.unit-id-appears-twice", "单位编号 {id} 重复", "unit id {id} appears twice"
)
LIST_EACH_UNIT_ONCE = Template(
    "unit-heads.list-each-unit-once", "每个单位只登记一次。", "List each unit once."
)
HAS_NO_HEADS = Template(
    "unit-heads.has-no-heads", "{name}没有登记党政主要负责人", "{name} has no heads"
)
LIST_UNIT_S_HEADS_NAME = Template(
    "unit-heads.list-unit-s-heads-name",
    "在 heads 下列出院长/处长、党委书记等主要负责人：- {{name: …, title: …}}。",
    "List the unit's heads: - {{name: …, title: …}}.",
)
PLACEHOLDER = Template(
    "unit-heads.placeholder",
    "{name}的负责人姓名“{name_2}”不是真实姓名",
    "{name}: '{name_2}' is a placeholder",
)
WRITE_HEAD_S_ACTUAL_NAME = Template(
    "unit-heads.write-head-s-actual-name", "填写负责人的真实姓名。", "Write the head's actual name."
)

INFO = RuleInfo(
    "unit-heads",
    "unit-heads",
    Severity.ERROR,
    EACH_UNIT_NAMES_ITS_HEADS(),
)


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    seen: set[str] = set()
    for index, unit in enumerate(registry.units):
        where = ("units", index)
        if unit.id in seen:
            yield registry.in_units(
                INFO,
                (*where, "id"),
                UNIT_ID_APPEARS_TWICE(id=unit.id),
                LIST_EACH_UNIT_ONCE(),
            )
        seen.add(unit.id)
        if not unit.heads:
            yield registry.in_units(
                INFO,
                (*where, "heads"),
                HAS_NO_HEADS(name=unit.name),
                LIST_UNIT_S_HEADS_NAME(),
                on_key=True,
            )
        for number, head in enumerate(unit.heads):
            if is_placeholder(head.name):
                yield registry.in_units(
                    INFO,
                    (*where, "heads", number, "name"),
                    PLACEHOLDER(name=unit.name, name_2=head.name),
                    WRITE_HEAD_S_ACTUAL_NAME(),
                )


RULE = registry_rule(INFO, check, __doc__)
