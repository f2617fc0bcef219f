"""第五条 filing-signed-by-head: the newest filing is signed by a head of the host unit.

第五条: "登记表须经所在单位、部门党政主要负责人签字并加盖公章"; 第十二条 makes those heads
the first responsible persons. ``policy/units.yaml`` lists each unit's current heads. Older
filings were signed by the heads of their day and are not re-checked.

PASS (units.yaml: law heads 周明, 陈静)::

    filings: [{…, signed_by: 周明, …}]

FAIL::

    filings: [{…, signed_by: 王芳, …}]     # an administrator, not a head
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.base import Context, account_rule
from schemas.finding import Finding, RuleInfo, Severity
from schemas.registry import AccountFile
from schemas.text import Msg

INFO = RuleInfo(
    "filing-signed-by-head",
    5,
    Severity.ERROR,
    Msg("登记表须由主办单位党政主要负责人签字", "the filing is signed by a head of the unit"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    unit = ctx.registry.unit(account.unit)
    if unit is None or not unit.heads:
        return  # reported by unit-exists / unit-heads
    index = len(account.filings) - 1
    signer = account.filings[index].signed_by
    heads = [head.name for head in unit.heads]
    if signer in heads:
        return
    listing = "、".join(f"{head.name}（{head.title}）" for head in unit.heads)
    yield record.at(
        INFO,
        ("filings", index, "signed_by"),
        Msg(
            f"签字人“{signer}”不是{unit.name}的党政主要负责人",
            f"'{signer}' is not a head of {unit.name}",
        ),
        Msg(
            f"{unit.name}的党政主要负责人为：{listing}；请由其中一人签字。负责人有变动时先更新 policy/units.yaml。",
            f"Heads of {unit.name}: {', '.join(heads)}. If they changed, update policy/units.yaml first.",
        ),
    )


RULE = account_rule(INFO, check, __doc__)
