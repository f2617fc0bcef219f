"""第六条 annual-review-due: each year's annual review is filed by the policy's due date.

第六条: "校内各级官方新媒体应每年12月，填写年度检查报告，报学校党委组宣部进行年度审核检查".
An account active on the first day of the review month (``policy.yaml`` ``annual_review``,
December) of year Y, and opened before it, owes an ``annual_reviews`` entry for Y by the due
date (12-31): a warning during the month ("还有 N 天"), an error after it ("已逾期 N 天").
Closed accounts owe nothing after their closure. Days follow the policy's timezone.

PASS (today 2026-12-10)::

    annual_reviews: [… {year: 2026, submitted_on: 2026-12-08}]

FAIL::

    annual_reviews: [… {year: 2025, …}]      # today 2026-12-10: warning, 还有 21 天
    annual_reviews: [… {year: 2025, …}]      # today 2027-01-01: error, 已逾期 1 天
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
    annual_reviews_owed,
    countdown,
)

INFO = RuleInfo(
    "annual-review-due",
    6,
    Severity.ERROR,
    Msg("每年 12 月报送年度检查报告", "the annual review is filed every December"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    policy = ctx.registry.policy
    for deadline in annual_reviews_owed(record.account, policy, ctx.today):
        days = deadline.days_left(ctx.today)
        when = countdown(days)
        yield record.at(
            INFO,
            deadline.where,
            Msg(
                f"{deadline.year} 年度检查报告未报送（截止 {deadline.due_on}，{when.zh}）",
                f"the {deadline.year} annual review is missing (due {deadline.due_on}, {when.en})",
            ),
            Msg(
                f"填写 {deadline.year} 年度检查报告（nmr render forms {record.account.id}）报党委组宣部，"
                f"并在 annual_reviews 末尾追加：- {{year: {deadline.year}, submitted_on: 报送日期}}",
                f"File the {deadline.year} report and append - {{year: {deadline.year}, submitted_on: …}}.",
            ),
            on_key=True,
            severity=Severity.WARNING if days >= 0 else Severity.ERROR,
        )


RULE = account_rule(INFO, check, __doc__)
