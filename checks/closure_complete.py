"""closure-complete: a closed account has a complete closure record, and only it.

{art_annual_review} and {art_closure} let the school order accounts closed; the registry keeps them (never
deleted) so an old account can never pass for official. ``status: closed`` needs a
``closure`` with date and reason (an order names who gave it); an account that is not
closed has no ``closure``.

PASS (已注销且记录完整)::

    # base: law-weibo
    # path: accounts/law/closed.yaml
    -  - {year: 2024, submitted_on: 2024-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2024-12-20}
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    -status: active
    +status: closed
    +closure: {closed_on: 2024-01-10, reason: ordered, ordered_by: 党委组宣部}

FAIL (状态 closed 但没有注销记录)::

    # base: law-weibo
    # expect: closure-complete 14 39:9 没有注销记录
    -status: active
    +status: closed

FAIL (未注销却有注销记录)::

    # base: law-weibo
    # expect: closure-complete 14 40:1 却有注销记录
     status: active
    +closure: {closed_on: 2024-01-10, reason: unit-request}
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    STATUS,
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    shown,
)

CLOSED_ACCOUNTS_CARRY_CLOSURE_RECORD = Template(
    "closure-complete.closed-accounts-carry-closure-record",
    "注销账号须有完整注销记录，未注销账号不得有注销记录",
    "closed accounts carry a closure record",
)
STATUS_CLOSED_BUT_CLOSURE_MISSING = Template(
    "closure-complete.status-closed-but-closure-missing",
    "状态为已注销（closed），但没有注销记录（closure）",
    "status is closed but closure is missing",
)
ADD_CLOSURE_CLOSED_ON_YYYY = Template(
    "closure-complete.add-closure-closed-on-yyyy",
    "添加 closure: {{closed_on: YYYY-MM-DD, reason: …}}。",
    "Add closure: {{closed_on: YYYY-MM-DD, reason: …}}.",
)
CLOSED_ON_BEFORE_OPENED_ON = Template(
    "closure-complete.closed-on-before-opened-on",
    "注销日期 {closed_on} 早于开通日期 {opened_on}",
    "closed_on {closed_on} is before opened_on {opened_on}",
)
CHECK_CLOSING_DATE = Template(
    "closure-complete.check-closing-date", "核对注销日期。", "Check the closing date."
)
CLOSED_ON_IN_FUTURE = Template(
    "closure-complete.closed-on-in-future",
    "注销日期 {closed_on} 在今天之后",
    "closed_on {closed_on} is in the future",
)
FILE_CLOSURE_ONCE_ACCOUNT_ACTUALLY = Template(
    "closure-complete.file-closure-once-account-actually",
    "账号实际注销后再提交注销记录。",
    "File the closure once the account is actually closed.",
)
ORDERED_CLOSURE_NAMES_WHO_ORDERED = Template(
    "closure-complete.ordered-closure-names-who-ordered",
    "责令关闭的账号须写明责令单位（closure.ordered_by）",
    "an ordered closure names who ordered it (closure.ordered_by)",
)
ADD_ORDERED_BY = Template(
    "closure-complete.add-ordered-by",
    "添加 ordered_by: {approver}（或实际责令的部门）。",
    "Add ordered_by: …",
)
STATUS_BUT_CLOSURE_SET = Template(
    "closure-complete.status-but-closure-set",
    "状态是{status_zh}，却有注销记录",
    "status is {status} but closure is set",
)
SET_STATUS_CLOSED_IF_ACCOUNT = Template(
    "closure-complete.set-status-closed-if-account",
    "账号已注销就把 status 改为 closed；否则删除 closure。",
    "Set status: closed if the account is closed; otherwise remove closure.",
)

INFO = RuleInfo(
    "closure-complete",
    "closure",
    Severity.ERROR,
    CLOSED_ACCOUNTS_CARRY_CLOSURE_RECORD(),
)

ORDERED = {"ordered", "annual-review-failed"}


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    closure = account.closure
    if account.status != "closed":
        if closure is not None:
            yield record.at(
                INFO,
                ("closure",),
                STATUS_BUT_CLOSURE_SET(
                    status=account.status, status_zh=shown(STATUS, account.status)
                ),
                SET_STATUS_CLOSED_IF_ACCOUNT(),
                on_key=True,
            )
        return
    if closure is None:
        yield record.at(
            INFO,
            ("status",),
            STATUS_CLOSED_BUT_CLOSURE_MISSING(),
            ADD_CLOSURE_CLOSED_ON_YYYY(),
        )
        return
    if closure.closed_on < account.opened_on:
        yield record.at(
            INFO,
            ("closure", "closed_on"),
            CLOSED_ON_BEFORE_OPENED_ON(closed_on=closure.closed_on, opened_on=account.opened_on),
            CHECK_CLOSING_DATE(),
        )
    if closure.closed_on > ctx.today:
        yield record.at(
            INFO,
            ("closure", "closed_on"),
            CLOSED_ON_IN_FUTURE(closed_on=closure.closed_on),
            FILE_CLOSURE_ONCE_ACCOUNT_ACTUALLY(),
        )
    if closure.reason in ORDERED and closure.ordered_by is None:
        yield record.at(
            INFO,
            ("closure", "reason"),
            ORDERED_CLOSURE_NAMES_WHO_ORDERED(),
            ADD_ORDERED_BY(),
        )


RULE = account_rule(INFO, check, __doc__)
