"""reply-commitment: the promised reply time is between 1 day and the policy maximum.

{art_reply_commitment}: when a question cannot be answered at once, the unit must promise a reply
deadline. ``reply_commitment_days`` records it; ``policy.yaml``
``reply_commitment_max_days`` is the longest the school accepts.

PASS (承诺 3 天内答复)::

    # base: law-weibo

FAIL (承诺 30 天)::

    # base: law-weibo
    # expect: reply-commitment 11 22:24 应在 1 至 5 天之间
    -reply_commitment_days: 3
    +reply_commitment_days: 30

FAIL (承诺 0 天)::

    # base: law-weibo
    # expect: reply-commitment 11 22:24 为 0 天
    -reply_commitment_days: 3
    +reply_commitment_days: 0
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

REPLY_COMMITMENT_1_POLICY_MAXIMUM = Template(
    "reply-commitment.reply-commitment-1-policy-maximum",
    "答复期限承诺须在 1 天至政策上限之间",
    "reply commitment is 1 … policy maximum days",
)
REPLY_COMMITMENT_DAYS_IT_MUST = Template(
    "reply-commitment.reply-commitment-days-it-must",
    "答复期限承诺为 {days} 天，应在 1 至 {maximum} 天之间",
    "reply commitment is {days} days; it must be 1 to {maximum}",
)
WRITE_WHOLE_NUMBER_FROM_1 = Template(
    "reply-commitment.write-whole-number-from-1",
    "填写 1 到 {maximum} 之间的整数（最长答复期限 {maximum} 天：{source}）。",
    "Write a whole number from 1 to {maximum} ({maximum} days: {source}).",
)
AT_LEAST_ONE_DAY = Template(
    "reply-commitment.at-least-one-day",
    "答复期限承诺为 {days} 天，至少应为 1 天",
    "reply commitment is {days} days; it must be at least 1",
)
WRITE_DAYS = Template(
    "reply-commitment.write-days",
    "填写承诺的答复天数（正整数）。",
    "Write the promised number of days (a positive whole number).",
)

INFO = RuleInfo(
    "reply-commitment",
    "reply-commitment",
    Severity.ERROR,
    REPLY_COMMITMENT_1_POLICY_MAXIMUM(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    days = record.account.reply_commitment_days
    maximum = ctx.registry.policy.reply_commitment_max_days
    if maximum is None:
        if days < 1:
            yield record.at(
                INFO, ("reply_commitment_days",), AT_LEAST_ONE_DAY(days=days), WRITE_DAYS()
            )
        return
    if 1 <= days <= maximum:
        return
    yield record.at(
        INFO,
        ("reply_commitment_days",),
        REPLY_COMMITMENT_DAYS_IT_MUST(days=days, maximum=maximum),
        WRITE_WHOLE_NUMBER_FROM_1(
            maximum=maximum, source=set_by(ctx.registry.policy, "reply_commitment_max_days")
        ),
    )


RULE = account_rule(INFO, check, __doc__)
