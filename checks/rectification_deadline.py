"""rectification-deadline: a failed account passes a re-review within the policy window.

After a failed annual review the account is ``rectifying`` (failed-review-status); it has
``rectification_days`` (policy, default 90) from the review to pass a re-review, otherwise
{art_annual_review} lets the school order it closed: past the window this is an error.

PASS (过了整改期限，但之前已复查合格)::

    # base: law-weibo
    # today: 2026-11-24
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2025-12-15, result: fail, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2026-02-10, result: pass, reviewed_by: 熊建国, reviewed_on: 2026-02-20, note: 复查合格}

FAIL (整改期满仍无复查合格记录)::

    # base: law-weibo
    # expect: rectification-deadline 6 39:9 整改已 339 天（期限 90 天，本校自定；2026-03-20 截止），仍无复查合格记录
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    -status: active
    +  - {year: 2025, submitted_on: 2025-12-15, result: fail, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +status: rectifying

FAIL (整改已近一年)::

    # base: law-weibo
    # expect: rectification-deadline 6 39:9 整改已 339 天
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    -status: active
    +  - {year: 2025, submitted_on: 2025-12-15, result: fail, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +status: rectifying
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
    rectification,
    set_by,
)

RECTIFICATION_ENDS_WITHIN_POLICY_WINDOW = Template(
    "rectification-deadline.rectification-ends-within-policy-window",
    "整改须在规定期限内复查合格",
    "rectification ends within the policy window",
)
RECTIFYING_FOR_DAYS_PAST_DEADLINE = Template(
    "rectification-deadline.rectifying-for-days-past-deadline",
    "整改已 {days} 天（期限 {rectification_days} 天，{source}；{due_on} 截止），仍无复查合格记录",
    "rectifying for {days} days, past the deadline {due_on} ({rectification_days} days: {source})",
)
HAVE_IT_RE_REVIEWED_AND = Template(
    "rectification-deadline.have-it-re-reviewed-and",
    "二选一：整改完成的，请审批人复查，在 annual_reviews 末尾追加同一年度、result: pass 的复查记录（由审批人填写 reviewed_by、reviewed_on）并改回 status: active；无法整改的，注销账号（status: closed 并填写 closure）。",
    "Have it re-reviewed and append a passing review, or close the account.",
)

INFO = RuleInfo(
    "rectification-deadline",
    "annual-review",
    Severity.ERROR,
    RECTIFICATION_ENDS_WITHIN_POLICY_WINDOW(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    deadline = rectification(record.account, ctx.registry.policy)
    if deadline is None or ctx.today <= deadline.due_on:
        return
    days = (ctx.today - deadline.opens_on).days
    yield record.at(
        INFO,
        deadline.where,
        RECTIFYING_FOR_DAYS_PAST_DEADLINE(
            days=days,
            rectification_days=ctx.registry.policy.rectification_days,
            due_on=deadline.due_on,
            source=set_by(ctx.registry.policy, "rectification_days"),
        ),
        HAVE_IT_RE_REVIEWED_AND(),
    )


RULE = account_rule(INFO, check, __doc__)
