"""grandfather-filing: accounts opened before the Measures filed within one month.

{art_grandfather_filing}: accounts already open when the Measures took effect file with {approver} by a
deadline. For an account opened before ``effective_on`` the first filing is ``reason: grandfathered``;
one filed after ``grandfather_deadline`` is late (a warning: late is better than never).

PASS (办法施行前开通，一个月内补办备案)::

    # base: grandfathered

FAIL (办法前开通却写 initial)::

    # base: grandfathered
    # expect: grandfather-filing 5 26:13 应为补办备案（grandfathered）
    -    reason: grandfathered
    +    reason: initial

FAIL (补办备案晚于 2016-06-18（警告）)::

    # base: grandfathered
    # expect: grandfather-filing 5 25:15 晚于截止日 2016-06-18 warning
    -commitment: {signed_by: 蔡子涵, signed_on: 2016-06-01}
    +commitment: {signed_by: 蔡子涵, signed_on: 2016-08-01}

    -  - filed_on: 2016-06-01
    +  - filed_on: 2016-08-01

    -    approved_on: 2016-06-05
    +    approved_on: 2016-08-05
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
)

PRE_EXISTING_ACCOUNTS_FILED_WITHIN = Template(
    "grandfather-filing.pre-existing-accounts-filed-within",
    "办法施行前开通的账号须在一个月内补办备案",
    "pre-existing accounts filed within a month",
)
OPENED_BEFORE_MEASURES_TOOK_EFFECT = Template(
    "grandfather-filing.opened-before-measures-took-effect",
    "账号在办法施行（{effective_on}）前开通，首条备案应为补办备案（grandfathered）",
    "opened before the Measures took effect ({effective_on}): reason is grandfathered",
)
USE_REASON_GRANDFATHERED = Template(
    "grandfather-filing.use-reason-grandfathered",
    "改为 reason: grandfathered。",
    "Use reason: grandfathered.",
)
FILED_DAYS_AFTER_DEADLINE = Template(
    "grandfather-filing.filed-days-after-deadline",
    "补办备案晚于截止日 {grandfather_deadline}（逾期 {late} 天）",
    "filed {late} days after the deadline {grandfather_deadline}",
)
KEEP_RECORD_AS_IT_HAPPENED = Template(
    "grandfather-filing.keep-record-as-it-happened",
    "历史记录如实保留即可；此警告提醒{approver}该账号曾逾期备案。",
    "Keep the record as it happened; this only notes the late filing.",
)

INFO = RuleInfo(
    "grandfather-filing",
    "grandfather-filing",
    Severity.ERROR,
    PRE_EXISTING_ACCOUNTS_FILED_WITHIN(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    policy = ctx.registry.policy
    if account.opened_on >= policy.effective_on:
        return
    first = account.filings[0]
    where = ("filings", 0)
    if first.reason != "grandfathered":
        yield record.at(
            INFO,
            (*where, "reason"),
            OPENED_BEFORE_MEASURES_TOOK_EFFECT(effective_on=policy.effective_on),
            USE_REASON_GRANDFATHERED(),
        )
    if first.filed_on > policy.grandfather_deadline:
        late = (first.filed_on - policy.grandfather_deadline).days
        yield record.at(
            INFO,
            (*where, "filed_on"),
            FILED_DAYS_AFTER_DEADLINE(grandfather_deadline=policy.grandfather_deadline, late=late),
            KEEP_RECORD_AS_IT_HAPPENED(),
            severity=Severity.WARNING,
        )


RULE = account_rule(INFO, check, __doc__)
