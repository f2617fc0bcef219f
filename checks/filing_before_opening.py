"""第五条 filing-before-opening: an account opened under the Measures was approved first.

第五条: units "必须先填写…登记表…报党委组宣部审批，经批准后方可…予以实施". For an account
opened on or after ``effective_on``, the first filing is ``reason: initial`` and was filed,
and approved, on or before ``opened_on``.

PASS (先审批后开通)::

    # base: law-weibo

FAIL (审批前已开通)::

    # base: law-weibo
    # expect: filing-before-opening 5 30:18 须经批准后方可开通
    -    approved_on: 2019-02-25
    +    approved_on: 2019-03-05

FAIL (新账号写成 grandfathered)::

    # base: law-weibo
    # expect: filing-before-opening 5 26:13 首次备案原因应为 initial
    -    reason: initial
    +    reason: grandfathered
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
)

NEW_ACCOUNTS_APPROVED_BEFORE_THEY = Template(
    "filing-before-opening.new-accounts-approved-before-they",
    "新开通账号须先备案审批、后开通",
    "new accounts are approved before they open",
)
ACCOUNT_OPENED_ON_STARTS_WITH = Template(
    "filing-before-opening.account-opened-on-starts-with",
    "{opened_on} 开通的账号，首次备案原因应为 initial，而不是 {reason}",
    "an account opened on {opened_on} starts with reason: initial, not {reason}",
)
USE_REASON_INITIAL_GRANDFATHERED_FOR = Template(
    "filing-before-opening.use-reason-initial-grandfathered-for",
    "首次备案写 reason: initial；grandfathered 只用于办法施行前已开通的账号。",
    "Use reason: initial; grandfathered is for accounts opened before the Measures.",
)
OPENED_ON_BUT_FILED_ON = Template(
    "filing-before-opening.opened-on-but-filed-on",
    "账号 {opened_on} 开通，备案却在 {filed_on}：须先备案后开通",
    "opened on {opened_on} but filed on {filed_on}: file first",
)
CHECK_DATES_IF_IT_REALLY = Template(
    "filing-before-opening.check-dates-if-it-really",
    "核对日期；如确实先开通后备案，请向{approver}说明并在备案 ref 中注明处理文号。",
    "Check the dates; if it really opened first, explain it to the approver unit.",
)
OPENED_ON_BEFORE_ITS_APPROVAL = Template(
    "filing-before-opening.opened-on-before-its-approval",
    "账号 {opened_on} 开通，审批却在 {approved_on}：须经批准后方可开通",
    "opened on {opened_on} before its approval on {approved_on}",
)
CHECK_DATES_ACCOUNT_OPENS_AFTER = Template(
    "filing-before-opening.check-dates-account-opens-after",
    "核对开通日期和审批日期；账号应在审批通过后开通。",
    "Check the dates: an account opens after its approval.",
)

INFO = RuleInfo(
    "filing-before-opening",
    "filing",
    Severity.ERROR,
    NEW_ACCOUNTS_APPROVED_BEFORE_THEY(),
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
            ACCOUNT_OPENED_ON_STARTS_WITH(opened_on=account.opened_on, reason=first.reason),
            USE_REASON_INITIAL_GRANDFATHERED_FOR(),
        )
    if first.filed_on > account.opened_on:
        yield record.at(
            INFO,
            (*where, "filed_on"),
            OPENED_ON_BUT_FILED_ON(opened_on=account.opened_on, filed_on=first.filed_on),
            CHECK_DATES_IF_IT_REALLY(),
        )
    elif first.approved_on is not None and first.approved_on > account.opened_on:
        yield record.at(
            INFO,
            (*where, "approved_on"),
            OPENED_ON_BEFORE_ITS_APPROVAL(
                opened_on=account.opened_on, approved_on=first.approved_on
            ),
            CHECK_DATES_ACCOUNT_OPENS_AFTER(),
        )


RULE = account_rule(INFO, check, __doc__)
