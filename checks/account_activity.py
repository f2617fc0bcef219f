"""account-activity: an account is not left idle longer than policy.yaml ``activity`` allows.

Some Measures set a minimum activity (a WeChat account updated at least weekly); an account idle
longer is a 僵尸号, to be revived or closed. Each annual review records ``last_post_on``, the
day of the account's last post when the review was submitted; the newest review of an active
account on a platform the policy names must have it, within ``max_idle_days`` of submission.

PASS (每周更新)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # policy: activity: {max_idle_days: 7, platforms: [weibo]}
    # policy: requirements: {activity: {article: 10}}
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20, last_post_on: 2025-12-12}

FAIL (一个多月没有更新)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # policy: activity: {max_idle_days: 7, platforms: [weibo]}
    # policy: requirements: {activity: {article: 10}}
    # expect: account-activity 10 38:115 年检报送时已 44 天没有更新
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20, last_post_on: 2025-11-01}
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
    set_by,
)

KEPT_ACTIVE = Template(
    "account-activity.kept-active",
    "账号按 policy.yaml 的 activity 保持更新，不成为僵尸号",
    "accounts are kept active as policy.yaml activity asks",
)
IDLE = Template(
    "account-activity.idle",
    "年检报送时已 {days} 天没有更新（最长 {limit} 天，{source}）：僵尸号",
    "idle for {days} days when the review was submitted (limit {limit} days: {source})",
)
REVIVE_OR_CLOSE = Template(
    "account-activity.revive-or-close",
    "恢复定期更新，或注销账号（status: closed）。",
    "Post regularly again, or close the account (status: closed).",
)
NO_LAST_POST = Template(
    "account-activity.no-last-post",
    "{year} 年度检查没有记录最后发布日期（last_post_on）",
    "the {year} review does not record last_post_on",
)
WRITE_LAST_POST = Template(
    "account-activity.write-last-post",
    "在这条年度检查中写上 last_post_on: YYYY-MM-DD（报送时最近一次发布内容的日期）。",
    "Add last_post_on: YYYY-MM-DD (the day of the last post when the review was submitted).",
)

INFO = RuleInfo("account-activity", "activity", Severity.ERROR, KEPT_ACTIVE())


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    policy = ctx.registry.policy
    activity = policy.activity
    if activity is None or account.status != "active" or not account.annual_reviews:
        return
    if activity.platforms and account.platform not in activity.platforms:
        return
    index = len(account.annual_reviews) - 1
    review = account.annual_reviews[index]
    where = ("annual_reviews", index)
    if review.last_post_on is None:
        message = NO_LAST_POST(year=review.year)
        yield record.at(INFO, where, message, WRITE_LAST_POST(), severity=Severity.WARNING)
        return
    idle = (review.submitted_on - review.last_post_on).days
    if idle > activity.max_idle_days:
        message = IDLE(days=idle, limit=activity.max_idle_days, source=set_by(policy, "activity"))
        yield record.at(INFO, (*where, "last_post_on"), message, REVIVE_OR_CLOSE())


RULE = account_rule(INFO, check, __doc__)
