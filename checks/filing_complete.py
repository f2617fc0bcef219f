"""filing-complete: each filing is sealed, in order, and approved: approval is a gate.

{art_filing}: the 登记表 is stamped with the unit's seal and approved by {approver} before the
account opens.
Every filing is ``sealed: true`` (a proposal's newest, unapproved filing may wait for its
seal: a warning); filings are listed oldest first; an approval is never dated
before its filing. An account that is live (``active`` or ``rectifying``) needs every filing
approved, the newest included: an unapproved account is not official. A new account waiting
for approval is ``status: proposed`` (申请中): its newest filing may be pending, and it is
never published as official.

PASS (已盖章并审批)::

    # base: law-weibo

FAIL (审批日期早于备案日期)::

    # base: law-weibo
    # expect: filing-complete 5 30:18 早于备案日期
    -    approved_on: 2019-02-25
    +    approved_on: 2019-02-10

FAIL (申请中的新账号，登记表打印出来正等盖章：只是提醒，不算错误)::

    # base: law-weibo
    # expect: filing-complete 5 28:13 未加盖公章 warning
    -    sealed: true
    -    approved_by: 熊建国
    -    approved_on: 2019-02-25
    +    sealed: false

    -status: active
    +status: proposed

FAIL (登记表未盖章)::

    # base: law-weibo
    # path: accounts/law/not-sealed.yaml
    # expect: filing-complete 5 28:13 未加盖公章
    -    sealed: true
    +    sealed: false
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

FILINGS_SEALED_ORDERED_AND_APPROVED = Template(
    "filing-complete.filings-sealed-ordered-and-approved",
    "备案须加盖公章、按时间排列并经{approver}审批",
    "filings are sealed, ordered and approved",
)
ACCOUNT_LIVE_BUT_THIS_FILING = Template(
    "filing-complete.account-live-but-this-filing",
    "账号状态为{status_zh}，但这次备案没有{office}的审批：未经批准的账号不是官方账号",
    "the account is live but this filing was never approved",
)
THIS_FILING_WAS_NEVER_APPROVED = Template(
    "filing-complete.this-filing-was-never-approved",
    "这次备案没有{office}的审批记录",
    "this filing was never approved",
)
APPROVER_FILLS_IN_APPROVED_BY = Template(
    "filing-complete.approver-fills-in-approved-by",
    "{office}审批人在本合并请求中填写 approved_by 和 approved_on（缺 {missing}）后再合并；尚未批准的新账号写 status: proposed（申请中），批准后才能开通。",
    "The approver fills in approved_by and approved_on ({missing} is missing) before merging; a new account awaiting approval is status: proposed.",
)
FORM_NOT_SEALED = Template(
    "filing-complete.form-not-sealed", "登记表未加盖公章", "the form is not sealed"
)
STAMP_FORM_WITH_UNIT_S = Template(
    "filing-complete.stamp-form-with-unit-s",
    "登记表须加盖主办单位公章后报{approver}，盖章后改为 sealed: true。",
    "Stamp the form with the unit's seal, send it to {approver}, then set sealed: true.",
)
FILED_ON_BEFORE_PREVIOUS_FILING = Template(
    "filing-complete.filed-on-before-previous-filing",
    "备案日期 {filed_on} 早于上一条备案 {filed_on_2}",
    "filed_on {filed_on} is before the previous filing",
)
FILINGS_OLDEST_FIRST_APPEND_NEW = Template(
    "filing-complete.filings-oldest-first-append-new",
    "备案记录按时间先后排列，新的备案追加在最后。",
    "Filings are oldest first; append new ones.",
)
FILED_ON_IN_FUTURE = Template(
    "filing-complete.filed-on-in-future",
    "备案日期 {filed_on} 在今天之后",
    "filed_on {filed_on} is in the future",
)
WRITE_DATE_FORM_WAS_ACTUALLY = Template(
    "filing-complete.write-date-form-was-actually",
    "填写登记表实际报送的日期。",
    "Write the date the form was actually filed.",
)
APPROVED_ON_BEFORE_FILED_ON = Template(
    "filing-complete.approved-on-before-filed-on",
    "审批日期 {approved_on} 早于备案日期 {filed_on}",
    "approved_on is before filed_on",
)
CHECK_APPROVAL_DATE = Template(
    "filing-complete.check-approval-date", "核对审批日期。", "Check the approval date."
)

INFO = RuleInfo(
    "filing-complete",
    "filing",
    Severity.ERROR,
    FILINGS_SEALED_ORDERED_AND_APPROVED(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    filings = record.account.filings
    last = len(filings) - 1
    for index, filing in enumerate(filings):
        where = ("filings", index)
        if not filing.sealed:
            # A proposal's pending form is printed to be sealed: a reminder, not a fault.
            pending = index == last and record.account.status == "proposed"
            yield record.at(
                INFO,
                (*where, "sealed"),
                FORM_NOT_SEALED(),
                STAMP_FORM_WITH_UNIT_S(),
                severity=Severity.WARNING if pending and not filing.approved_by else None,
            )
        if index and filing.filed_on < filings[index - 1].filed_on:
            yield record.at(
                INFO,
                (*where, "filed_on"),
                FILED_ON_BEFORE_PREVIOUS_FILING(
                    filed_on=filing.filed_on, filed_on_2=filings[index - 1].filed_on
                ),
                FILINGS_OLDEST_FIRST_APPEND_NEW(),
            )
        if filing.filed_on > ctx.today:
            yield record.at(
                INFO,
                (*where, "filed_on"),
                FILED_ON_IN_FUTURE(filed_on=filing.filed_on),
                WRITE_DATE_FORM_WAS_ACTUALLY(),
            )
        if filing.approved_on is not None and filing.approved_on < filing.filed_on:
            yield record.at(
                INFO,
                (*where, "approved_on"),
                APPROVED_ON_BEFORE_FILED_ON(
                    approved_on=filing.approved_on, filed_on=filing.filed_on
                ),
                CHECK_APPROVAL_DATE(),
            )
        pending = filing.approved_by is None or filing.approved_on is None
        if pending and not (index == last and record.account.status == "proposed"):
            yield _unapproved(record, index, index == last, ctx)  # a proposal checks clean


def _unapproved(record: AccountFile, index: int, newest: bool, ctx: Context) -> Finding:
    filing = record.account.filings[index]
    missing = "approved_by" if filing.approved_by is None else "approved_on"
    office = _office(ctx)
    live = record.account.status in ("active", "rectifying")
    message = (
        ACCOUNT_LIVE_BUT_THIS_FILING(
            status=record.account.status,
            status_zh=shown(STATUS, record.account.status),
            office=office,
        )
        if live and newest
        else THIS_FILING_WAS_NEVER_APPROVED(office=office)
    )
    return record.at(
        INFO,
        ("filings", index),
        message,
        APPROVER_FILLS_IN_APPROVED_BY(office=office, missing=missing),
        on_key=True,
    )


def _office(ctx: Context) -> str:
    return ctx.registry.approver_name


RULE = account_rule(INFO, check, __doc__)
