"""approved-by-approver: a filing is approved by a listed approver in office that day.

{art_filing}: the 登记表 goes to {approver}, and the account opens only once approved. ``approved_by`` names a person
listed under the approver unit's ``approvers`` in ``policy/units.yaml`` who was in office on
``approved_on``; never a head, the leader, an administrator or the contact of the filing unit
(unless the approver unit files its own account), never a placeholder.

PASS (由在任审批人审批)::

    # base: law-weibo

FAIL (审批人当时尚未任职)::

    # base: law-weibo
    # expect: approved-by-approver 5 29:18 “熊浩然”2019-02-25 不是党委组宣部在任的审批人（任期 2020-09-01 至 今）
    -    approved_by: 熊建国
    +    approved_by: 熊浩然

FAIL (主办单位院长自己审批)::

    # base: law-weibo
    # expect: approved-by-approver 5 29:18 “蔡子涵”2019-02-25 不是党委组宣部在任的审批人
    -    approved_by: 熊建国
    +    approved_by: 蔡子涵
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
    check_approver,
)

FILINGS_APPROVED_BY_LISTED_APPROVER = Template(
    "approved-by-approver.filings-approved-by-listed-approver",
    "备案须由审批当天在任的审批人审批，不能由主办单位自己审批",
    "filings are approved by a listed approver in office that day",
)

INFO = RuleInfo(
    "approved-by-approver",
    "filing",
    Severity.ERROR,
    FILINGS_APPROVED_BY_LISTED_APPROVER(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    for index, filing in enumerate(record.account.filings):
        if filing.approved_by is None or filing.approved_on is None:
            continue  # pending: filing-complete says what is missing
        yield from check_approver(
            record,
            INFO,
            ("filings", index, "approved_by"),
            filing.approved_by,
            filing.approved_on,
            ctx.registry,
        )


RULE = account_rule(INFO, check, __doc__)
