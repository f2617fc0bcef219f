"""第六条 rectification-deadline: a failed account passes a re-review within the policy window.

After a failed annual review the account is ``rectifying`` (failed-review-status); it has
``rectification_days`` (policy, default 90) from the review to pass a re-review, otherwise
第六条 lets the school order it closed: past the window this is an error.

PASS (today 2026-02-01)::

    annual_reviews: [{year: 2025, …, result: fail, reviewed_on: 2026-01-10}]
    status: rectifying

FAIL (today 2026-06-01)::

    annual_reviews: [{year: 2025, …, result: fail, reviewed_on: 2026-01-10}]
    status: rectifying          # 142 days
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
    rectification,
)

INFO = RuleInfo(
    "rectification-deadline",
    6,
    Severity.ERROR,
    Msg("整改须在规定期限内复查合格", "rectification ends within the policy window"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    deadline = rectification(record.account, ctx.registry.policy)
    if deadline is None or ctx.today <= deadline.due_on:
        return
    days = (ctx.today - deadline.opens_on).days
    yield record.at(
        INFO,
        deadline.where,
        Msg(
            f"整改已 {days} 天（期限 {ctx.registry.policy.rectification_days} 天，{deadline.due_on} 截止），仍无复查合格记录",
            f"rectifying for {days} days, past the deadline {deadline.due_on}",
        ),
        Msg(
            "二选一：整改完成的，请审批人复查，在 annual_reviews 末尾追加同一年度、result: pass 的复查记录"
            "（由审批人填写 reviewed_by、reviewed_on）并改回 status: active；无法整改的，注销账号"
            "（status: closed 并填写 closure）。",
            "Have it re-reviewed and append a passing review, or close the account.",
        ),
    )


RULE = account_rule(INFO, check, __doc__)
