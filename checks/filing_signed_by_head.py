"""filing-signed-by-head: each filing is signed by a head of the host unit in office that day.

{art_filing}: the 登记表 is signed by a head of the unit and sealed; {art_unit_heads} makes those
heads the first responsible persons. ``policy/units.yaml`` lists each unit's heads with their terms
(``since``/``until``): every filing is judged by who was in office on its ``filed_on``, so a
change of heads never invalidates history. Placeholders (某某, 待定, TBD …) are refused.
Filings made before the newest ``unit-change`` filing were signed under the previous host
unit, whose heads this record does not name: they are not judged against the new unit.

PASS (院长签字)::

    # base: law-weibo

FAIL (管理员代签)::

    # base: law-weibo
    # expect: filing-signed-by-head 5 27:16 不是法学院的党政主要负责人
    -    signed_by: 蔡子涵
    +    signed_by: 张丽

FAIL (前任院长在离任后签字)::

    # base: law-weibo
    # expect: filing-signed-by-head 5 27:16 “周明远”2019-02-20 不在任（任期 … 至 2014-06-30）
    -    signed_by: 蔡子涵
    +    signed_by: 周明远
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    check_signer,
)

EACH_FILING_SIGNED_BY_HEAD = Template(
    "filing-signed-by-head.each-filing-signed-by-head",
    "登记表须由签字当天在任的主办单位党政主要负责人签字",
    "each filing is signed by a head of the unit in office that day",
)

INFO = RuleInfo(
    "filing-signed-by-head",
    "filing",
    Severity.ERROR,
    EACH_FILING_SIGNED_BY_HEAD(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    filings = record.account.filings
    moves = [i for i, filing in enumerate(filings) if filing.reason == "unit-change"]
    start = moves[-1] if moves else 0
    for index, filing in enumerate(filings[start:], start=start):
        yield from check_signer(
            record,
            INFO,
            ("filings", index, "signed_by"),
            filing.signed_by,
            filing.filed_on,
            ctx.registry,
        )


RULE = account_rule(INFO, check, __doc__)
