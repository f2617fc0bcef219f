"""第五条 filing-before-opening: an account opened under the Measures was approved first.

第五条: units "必须先填写…登记表…报党委组宣部审批，经批准后方可…予以实施". For an account
opened on or after ``effective_on``, the first filing is ``reason: initial`` and was filed,
and approved, on or before ``opened_on``.

PASS::

    opened_on: 2019-03-01
    filings: [{filed_on: 2019-02-20, reason: initial, …, approved_on: 2019-02-25}]

FAIL::

    opened_on: 2019-03-01
    filings: [{filed_on: 2019-03-10, reason: initial, …}]     # opened before filing
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    account_rule,
)

INFO = RuleInfo(
    "filing-before-opening",
    5,
    Severity.ERROR,
    Msg("新开通账号须先备案审批、后开通", "new accounts are approved before they open"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    if account.opened_on < ctx.registry.policy.effective_on:
        return  # grandfathered: see grandfather-filing
    first = account.filings[0]
    where = ("filings", 0)
    if first.reason != "initial":
        yield record.at(
            INFO,
            (*where, "reason"),
            Msg(
                f"{account.opened_on} 开通的账号，首次备案原因应为 initial，而不是 {first.reason}",
                f"an account opened on {account.opened_on} starts with reason: initial, not {first.reason}",
            ),
            Msg(
                "首次备案写 reason: initial；grandfathered 只用于办法施行前已开通的账号。",
                "Use reason: initial; grandfathered is for accounts opened before the Measures.",
            ),
        )
    if first.filed_on > account.opened_on:
        yield record.at(
            INFO,
            (*where, "filed_on"),
            Msg(
                f"账号 {account.opened_on} 开通，备案却在 {first.filed_on}：须先备案后开通",
                f"opened on {account.opened_on} but filed on {first.filed_on}: file first",
            ),
            Msg(
                "核对日期；如确实先开通后备案，请向党委组宣部说明并在备案 ref 中注明处理文号。",
                "Check the dates; if it really opened first, explain to 党委组宣部.",
            ),
        )
    elif first.approved_on is not None and first.approved_on > account.opened_on:
        yield record.at(
            INFO,
            (*where, "approved_on"),
            Msg(
                f"账号 {account.opened_on} 开通，审批却在 {first.approved_on}：须经批准后方可开通",
                f"opened on {account.opened_on} before its approval on {first.approved_on}",
            ),
            Msg(
                "核对开通日期和审批日期；账号应在审批通过后开通。",
                "Check the dates: an account opens after its approval.",
            ),
        )


RULE = account_rule(INFO, check, __doc__)
