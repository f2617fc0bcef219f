"""第十二条 unit-heads: every unit names its 党政主要负责人, the first responsible persons.

第十二条: "建立官方新媒体的主办单位（或部门）党政主要负责人为第一责任人". Filings are signed
by one of them (filing-signed-by-head). Unit ids are unique.

PASS (policy/units.yaml)::

    - id: law
      heads: [{name: 周明, title: 院长}, {name: 陈静, title: 党委书记}]

FAIL::

    - id: law
      heads: []
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    is_placeholder,
    registry_rule,
)

INFO = RuleInfo(
    "unit-heads",
    12,
    Severity.ERROR,
    Msg("每个单位须登记党政主要负责人（第一责任人）", "each unit names its heads"),
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
                Msg(f"单位编号 {unit.id} 重复", f"unit id {unit.id} appears twice"),
                Msg("每个单位只登记一次。", "List each unit once."),
            )
        seen.add(unit.id)
        if not unit.heads:
            yield registry.in_units(
                INFO,
                (*where, "heads"),
                Msg(f"{unit.name}没有登记党政主要负责人", f"{unit.name} has no heads"),
                Msg(
                    "在 heads 下列出院长/处长、党委书记等主要负责人：- {name: …, title: …}。",
                    "List the unit's heads: - {name: …, title: …}.",
                ),
                on_key=True,
            )
        for number, head in enumerate(unit.heads):
            if is_placeholder(head.name):
                yield registry.in_units(
                    INFO,
                    (*where, "heads", number, "name"),
                    Msg(
                        f"{unit.name}的负责人姓名“{head.name}”不是真实姓名",
                        f"{unit.name}: '{head.name}' is a placeholder",
                    ),
                    Msg("填写负责人的真实姓名。", "Write the head's actual name."),
                )


RULE = registry_rule(INFO, check, __doc__)
