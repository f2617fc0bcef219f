"""annual-review-due: each year's annual review is filed by the policy's due date.

{art_annual_review}: each account reports every year to {approver}.
An account active on the first day of the review month (``policy.yaml`` ``annual_review``,
December) of year Y, and opened before it, owes an ``annual_reviews`` entry for Y by the due
date (12-31): a warning during the month ("还有 N 天"), an error after it ("已逾期 N 天").
Closed accounts owe nothing after their closure. Days follow the policy's timezone.

PASS (2025 年度已报送，2026 年度尚未到期)::

    # base: law-weibo

FAIL (12 月内尚未报送（警告）)::

    # base: law-weibo
    # today: 2026-12-10
    # expect: annual-review-due 6 31:1 还有 21 天 warning

FAIL (缺 2025 年度检查)::

    # base: law-weibo
    # expect: annual-review-due 6 31:1 2025 年度检查报告未报送（截止 2025-12-31，已逾期 328 天）
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
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
    annual_reviews_owed,
    countdown,
)

ANNUAL_REVIEW_FILED_EVERY_DECEMBER = Template(
    "annual-review-due.annual-review-filed-every-december",
    "每年 12 月报送年度检查报告",
    "the annual review is filed every December",
)
ANNUAL_REVIEW_MISSING_DUE = Template(
    "annual-review-due.annual-review-missing-due",
    "{year} 年度检查报告未报送（截止 {due_on}，{when}）",
    "the {year} annual review is missing (due {due_on}, {when})",
)
FILE_REPORT_AND_APPEND_YEAR = Template(
    "annual-review-due.file-report-and-append-year",
    "填写 {year} 年度检查报告（nmr render forms {id}）报{approver}，并在 annual_reviews 末尾追加：- {{year: {year}, submitted_on: 报送日期}}",
    "File the {year} report and append - {{year: {year}, submitted_on: …}}.",
)

INFO = RuleInfo(
    "annual-review-due",
    "annual-review",
    Severity.ERROR,
    ANNUAL_REVIEW_FILED_EVERY_DECEMBER(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    policy = ctx.registry.policy
    for deadline in annual_reviews_owed(record.account, policy, ctx.today):
        days = deadline.days_left(ctx.today)
        when = countdown(days)
        yield record.at(
            INFO,
            deadline.where,
            ANNUAL_REVIEW_MISSING_DUE(year=deadline.year, due_on=deadline.due_on, when=when),
            FILE_REPORT_AND_APPEND_YEAR(year=deadline.year, id=record.account.id),
            on_key=True,
            severity=Severity.WARNING if days >= 0 else Severity.ERROR,
        )


RULE = account_rule(INFO, check, __doc__)
