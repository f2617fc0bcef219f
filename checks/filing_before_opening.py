"""filing-before-opening: a new account's first filing is on time, as the policy times it.

{art_filing}: units file a 登记表 with {approver}. For an account
opened on or after ``effective_on``, the first filing is ``reason: initial``, and policy.yaml
``filing_timing`` says when it is due:

- ``approved-before-opening`` (this university): filed, and approved, on or before ``opened_on``;
- ``filed-before-opening`` with ``days``: filed at least that many days before opening;
- ``filed-after-opening`` with ``days``: filed within that many days after opening.

``count: workdays`` counts China's official working days (chinesecalendar); a date beyond the
years it knows is a warning that says so, not a guess.

A late first filing that {approver} accepted anyway is recorded by the approver in the filing's
``accepted_late`` (the decision's reference) together with its approval (``approved_by``,
``approved_on``): it is then a warning that names the accepted exception, not an error. Without
the approval, ``accepted_late`` changes nothing (a unit cannot excuse itself; approver-only-fields
flags it in a pull request).

PASS (先审批后开通)::

    # base: law-weibo

FAIL (审批前已开通)::

    # base: law-weibo
    # expect: filing-before-opening 5 30:18 须经批准后方可开通
    -    approved_on: 2019-02-25
    +    approved_on: 2019-03-05

FAIL (先开通后备案，审批单位已同意补办：警告，写明已接受的例外)::

    # base: law-weibo
    # expect: filing-before-opening 5 31:20 同意补办（组宣备〔2019〕7号） warning
    -    approved_on: 2019-02-25
    +    approved_on: 2019-03-05
    +    accepted_late: 组宣备〔2019〕7号

FAIL (新账号写成 grandfathered)::

    # base: law-weibo
    # expect: filing-before-opening 5 26:13 首条备案应为首次备案（initial），而不是补办备案（grandfathered）
    -    reason: initial
    +    reason: grandfathered
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from nmr.engine.api import (
    FILING_REASON,
    NO_WORKING_DAYS_FOR,
    UPDATE_CHINESECALENDAR,
    AccountFile,
    BeyondCalendar,
    Context,
    Filing,
    FilingTiming,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    period,
    shift,
    shown,
)

NEW_ACCOUNTS_APPROVED_BEFORE_THEY = Template(
    "filing-before-opening.new-accounts-approved-before-they",
    "新开通账号须先备案审批、后开通",
    "new accounts are approved before they open",
)
ACCOUNT_OPENED_ON_STARTS_WITH = Template(
    "filing-before-opening.account-opened-on-starts-with",
    "{opened_on} 开通的账号，首条备案应为首次备案（initial），而不是{reason_zh}",
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
    "核对日期；如确实先开通后备案，请向{approver}说明：{approver}同意补办的，由其在审批时填写这次备案的"
    " accepted_late（处理文号）。",
    "Check the dates; if it really opened first, explain it to the approver unit, which records"
    " its acceptance in the filing's accepted_late when it approves.",
)
ACCEPTED_LATE = Template(
    "filing-before-opening.accepted-late",
    "{late}；{approved_by} 已于 {approved_on} 同意补办（{ref}）",
    "{late}; accepted late by {approved_by} on {approved_on} ({ref})",
)
ACCEPTED_EXCEPTION_KEEP_IT = Template(
    "filing-before-opening.accepted-exception-keep-it",
    "这是{approver}已接受的例外，记录无需修改；今后新开通的账号仍须按时备案。",
    "An exception the approver accepted: nothing to change; new accounts still file on time.",
)
FILED_TOO_CLOSE_TO_OPENING = Template(
    "filing-before-opening.filed-too-close-to-opening",
    "账号 {opened_on} 开通，备案在 {filed_on}：须在开通前至少 {period}（{due} 前）报送备案",
    "opened on {opened_on}, filed on {filed_on}: filing is due {period} before opening ({due})",
)
FILED_TOO_LONG_AFTER_OPENING = Template(
    "filing-before-opening.filed-too-long-after-opening",
    "账号 {opened_on} 开通，备案在 {filed_on}：须在开通后 {period}内（{due} 前）报送备案",
    "opened on {opened_on}, filed on {filed_on}: filing is due within {period} ({due})",
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


def _approved_first(record: AccountFile, first: Filing, timing: FilingTiming) -> Iterator[Finding]:
    opened_on, where = record.account.opened_on, ("filings", 0)
    if first.filed_on > opened_on:
        yield record.at(
            INFO,
            (*where, "filed_on"),
            OPENED_ON_BUT_FILED_ON(opened_on=opened_on, filed_on=first.filed_on),
            CHECK_DATES_IF_IT_REALLY(),
        )
    elif first.approved_on is not None and first.approved_on > opened_on:
        yield record.at(
            INFO,
            (*where, "approved_on"),
            OPENED_ON_BEFORE_ITS_APPROVAL(opened_on=opened_on, approved_on=first.approved_on),
            CHECK_DATES_ACCOUNT_OPENS_AFTER(),
        )


def _accepted(record: AccountFile, first: Filing, late: Finding) -> Finding | None:
    """The lateness as a warning naming the exception, when the approver approved the filing
    and recorded that it accepts it late; None otherwise (the error stands)."""
    if not (first.accepted_late and first.approved_by and first.approved_on):
        return None
    return record.at(
        INFO,
        ("filings", 0, "accepted_late"),
        ACCEPTED_LATE(
            late=late.message,
            approved_by=first.approved_by,
            approved_on=first.approved_on,
            ref=first.accepted_late,
        ),
        ACCEPTED_EXCEPTION_KEEP_IT(),
        severity=Severity.WARNING,
    )


Timing = Callable[[AccountFile, Filing, FilingTiming], Iterator[Finding]]


def _filed_by(direction: int, late: Template) -> Timing:
    """Filed at least ``days`` before opening (direction -1), or within ``days`` after (+1)."""

    def timing_check(record: AccountFile, first: Filing, timing: FilingTiming) -> Iterator[Finding]:
        opened_on = record.account.opened_on
        due = shift(opened_on, direction * timing.days, timing.count)
        if first.filed_on > due:
            yield record.at(
                INFO,
                ("filings", 0, "filed_on"),
                late(
                    opened_on=opened_on,
                    filed_on=first.filed_on,
                    period=period(timing.days, timing.count),
                    due=due,
                ),
                CHECK_DATES_IF_IT_REALLY(),
            )

    return timing_check


TIMINGS: dict[str, Timing] = {
    "approved-before-opening": _approved_first,
    "filed-before-opening": _filed_by(-1, FILED_TOO_CLOSE_TO_OPENING),
    "filed-after-opening": _filed_by(+1, FILED_TOO_LONG_AFTER_OPENING),
}


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    policy = ctx.registry.policy
    if account.opened_on < policy.effective_on:
        return  # grandfathered: see grandfather-filing
    first = account.filings[0]
    if first.reason != "initial":
        yield record.at(
            INFO,
            ("filings", 0, "reason"),
            ACCOUNT_OPENED_ON_STARTS_WITH(
                opened_on=account.opened_on,
                reason=first.reason,
                reason_zh=shown(FILING_REASON, first.reason),
            ),
            USE_REASON_INITIAL_GRANDFATHERED_FOR(),
        )
    timing = policy.filing_timing
    try:
        for late in TIMINGS[timing.when](record, first, timing):
            yield _accepted(record, first, late) or late
    except BeyondCalendar as beyond:
        yield record.at(
            INFO,
            ("filings", 0, "filed_on"),
            NO_WORKING_DAYS_FOR(year=beyond.day.year),
            UPDATE_CHINESECALENDAR(year=beyond.day.year),
            severity=Severity.WARNING,
        )


RULE = account_rule(INFO, check, __doc__)
