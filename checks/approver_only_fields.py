"""approver-only-fields: approvals and review results are the approver's to record.

``approved_by``/``approved_on`` and ``accepted_late`` of a filing and
``result``/``reviewed_by``/``reviewed_on`` of an annual review record what the approver unit
decided. When a pull request whose author is not
a listed approver (``nmr check --base REF --author LOGIN``) fills them in, the check says so:
a warning here, and the approvals check (``nmr approvals``) verifies that a listed approver
really approved the pull request.

PASS (审批人本人记录审批)::

    # base: law-weibo
    # author: xiong-jianguo
         approved_on: 2019-02-25
    +  - filed_on: 2026-11-20
    +    reason: manager-change
    +    signed_by: 蔡子涵
    +    sealed: true
    +    approved_by: 熊建国
    +    approved_on: 2026-11-22

FAIL (单位秘书自己填上了审批)::

    # base: law-weibo
    # author: law-secretary
         approved_on: 2019-02-25
    +  - filed_on: 2026-11-20
    +    reason: manager-change
    +    signed_by: 蔡子涵
    +    sealed: true
    +    approved_by: 熊建国
    +    approved_on: 2026-11-22

FAIL (单位秘书自己写上“同意补办”)::

    # base: law-weibo
    # author: law-secretary
    # expect: approver-only-fields 5 35:18 备案 2026-11-20 的审批 warning
    # expect: approver-only-fields 5 37:20 同意备案 2026-11-20 补办的决定 warning
         approved_on: 2019-02-25
    +  - filed_on: 2026-11-20
    +    reason: manager-change
    +    signed_by: 蔡子涵
    +    sealed: true
    +    approved_by: 熊建国
    +    approved_on: 2026-11-22
    +    accepted_late: 组宣备〔2026〕7号
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountChange,
    ChangeSet,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    Template,
    change_rule,
)

APPROVALS_AND_REVIEW_RESULTS_APPROVER = Template(
    "approver-only-fields.approvals-and-review-results-approver",
    "审批和年检结果只能由审批人填写",
    "approvals and review results are the approver's",
)
NOT_LISTED_APPROVER_BUT_FILLED = Template(
    "approver-only-fields.not-listed-approver-but-filled",
    "本合并请求的提交者 {author} 不是登记的审批人，却填写了{what}",
    "{author} is not a listed approver but filled in {what}",
)
ONLY_APPROVERS_RECORD_THESE_APPROVALS = Template(
    "approver-only-fields.only-approvers-record-these-approvals",
    "审批和年检结果由审批人填写；合并前审批检查会核对审批人是否已在合并请求上批准。单位只需报送，不要自己填写这些字段。",
    "Only approvers record these; the approvals check verifies their approval.",
)

FILING_APPROVAL = Template(
    "approver-only-fields.filing-approval",
    "备案 {filed_on} 的审批",
    "the approval of the {filed_on} filing",
)
LATE_ACCEPTANCE = Template(
    "approver-only-fields.late-acceptance",
    "同意备案 {filed_on} 补办的决定",
    "the acceptance of the late {filed_on} filing",
)
REVIEW_RESULT = Template(
    "approver-only-fields.review-result",
    "{year} 年度检查的结果",
    "the result of the {year} annual review",
)

INFO = RuleInfo(
    "approver-only-fields",
    "filing",
    Severity.WARNING,
    APPROVALS_AND_REVIEW_RESULTS_APPROVER(),
)


def _filled(item: AccountChange) -> Iterator[tuple[tuple[str | int, ...], Msg]]:
    if item.new is None:
        return
    new, old = item.new.account, item.old
    old_filings = old.filings if old is not None else []
    for index, filing in enumerate(new.filings):
        before = old_filings[index] if index < len(old_filings) else None
        if filing.approved_by and (before is None or not before.approved_by):
            yield ("filings", index, "approved_by"), FILING_APPROVAL(filed_on=filing.filed_on)
        if filing.accepted_late and (before is None or not before.accepted_late):
            yield ("filings", index, "accepted_late"), LATE_ACCEPTANCE(filed_on=filing.filed_on)
    old_reviews = old.annual_reviews if old is not None else []
    for index, review in enumerate(new.annual_reviews):
        before_review = old_reviews[index] if index < len(old_reviews) else None
        if review.result and (before_review is None or not before_review.result):
            yield ("annual_reviews", index, "result"), REVIEW_RESULT(year=review.year)


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    if change.author is None:
        return  # who opened the pull request is unknown (a local run)
    unit = ctx.registry.approver
    logins = {
        login
        for person in (unit.approvers if unit else [])
        if person.in_office(ctx.today)
        for login in (person.github, person.gitlab)
        if login
    }
    if change.author in logins:
        return
    for item in change.accounts:
        for where, what in _filled(item):
            assert item.new is not None
            yield item.new.at(
                INFO,
                where,
                NOT_LISTED_APPROVER_BUT_FILLED(author=change.author, what=what),
                ONLY_APPROVERS_RECORD_THESE_APPROVALS(),
            )


RULE = change_rule(INFO, check, __doc__)
