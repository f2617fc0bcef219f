"""unit-exists: the host unit is an organisation listed in ``policy/units.yaml``.

{art_host_unit}: accounts are opened by units, never by a person in the institution's name:
every account is hosted by a unit listed in units.yaml.

PASS (主办单位已登记)::

    # base: law-weibo

FAIL (主办单位不在 units.yaml)::

    # base: law-weibo
    # path: accounts/lawschool/unknown-unit.yaml
    # expect: unit-exists 4 6:7 不在 policy/units.yaml 中
    -unit: law
    +unit: lawschool
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
)

HOST_UNIT_LISTED_ORGANISATION = Template(
    "unit-exists.host-unit-listed-organisation",
    "主办单位须是 units.yaml 中的单位，不能是个人",
    "the host unit is a listed organisation",
)
DID_YOU_MEAN = Template("unit-exists.did-you-mean", "是不是 {close}？", "Did you mean {close}?")
REGISTER_UNIT_IN_POLICY_UNITS = Template(
    "unit-exists.register-unit-in-policy-units",
    "先在 policy/units.yaml 中登记该单位，或改为已有单位的编号。",
    "Register the unit in policy/units.yaml first, or use an existing id.",
)
UNIT_NOT_IN_POLICY_UNITS = Template(
    "unit-exists.unit-not-in-policy-units",
    "主办单位“{value}”不在 policy/units.yaml 中",
    "unit '{value}' is not in policy/units.yaml",
)

INFO = RuleInfo(
    "unit-exists",
    "host-unit",
    Severity.ERROR,
    HOST_UNIT_LISTED_ORGANISATION(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    if registry.units_file is None:
        return  # units.yaml itself is broken: reported there
    value = record.account.unit
    if registry.unit(value) is not None:
        return
    ids = [unit.id for unit in registry.units]
    close = difflib.get_close_matches(value, ids, n=1)
    by_name = [unit.id for unit in registry.units if unit.name == value]
    close = by_name or close
    hint = DID_YOU_MEAN(close=close[0]) if close else REGISTER_UNIT_IN_POLICY_UNITS()
    yield record.at(
        INFO,
        ("unit",),
        UNIT_NOT_IN_POLICY_UNITS(value=value),
        hint,
    )


RULE = account_rule(INFO, check, __doc__)
