"""reviewed-by-approver: an annual review's result is recorded by a listed approver.

{art_annual_review}: the annual report goes to {approver} for review. A recorded ``result`` needs
``reviewed_by`` and ``reviewed_on``; ``reviewed_by`` is a listed approver of the approver unit
in office on ``reviewed_on``, never someone of the unit under review, never a placeholder.

PASS (年检由在任审批人审核)::

    # base: law-weibo

FAIL (年检结果没有写审核人)::

    # base: law-weibo
    # expect: reviewed-by-approver 6 38:52 2025 年度检查已有结果，但没有写明审核人和审核日期
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2025-12-15, result: pass}

FAIL (主办单位院长自己记录年检结果)::

    # base: law-weibo
    # expect: reviewed-by-approver 6 38:71 “蔡子涵”2025-12-20 不是党委组宣部在任的审批人
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 蔡子涵, reviewed_on: 2025-12-20}
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

REVIEW_RESULTS_RECORDED_BY_LISTED = Template(
    "reviewed-by-approver.review-results-recorded-by-listed",
    "年度检查结果须由审核当天在任的审批人记录",
    "review results are recorded by a listed approver in office that day",
)
REVIEW_HAS_RESULT_BUT_NO = Template(
    "reviewed-by-approver.review-has-result-but-no",
    "{year} 年度检查已有结果，但没有写明审核人和审核日期",
    "the {year} review has a result but no reviewed_by/reviewed_on",
)
APPROVERS_RECORD_RESULTS_WITH_REVIEWED = Template(
    "reviewed-by-approver.approvers-record-results-with-reviewed",
    "审核结果由审批人记录：同时填写 reviewed_by 和 reviewed_on；单位报送时只写 year 和 submitted_on。",
    "Approvers record results with reviewed_by and reviewed_on.",
)

INFO = RuleInfo(
    "reviewed-by-approver",
    "annual-review",
    Severity.ERROR,
    REVIEW_RESULTS_RECORDED_BY_LISTED(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    for index, review in enumerate(record.account.annual_reviews):
        where = ("annual_reviews", index)
        if review.result is not None and (review.reviewed_by is None or review.reviewed_on is None):
            yield record.at(
                INFO,
                (*where, "result"),
                REVIEW_HAS_RESULT_BUT_NO(year=review.year),
                APPROVERS_RECORD_RESULTS_WITH_REVIEWED(),
            )
            continue
        if review.reviewed_by is None or review.reviewed_on is None:
            continue
        yield from check_approver(
            record,
            INFO,
            (*where, "reviewed_by"),
            review.reviewed_by,
            review.reviewed_on,
            ctx.registry,
        )


RULE = account_rule(INFO, check, __doc__)
