"""第三条 verification-recorded: official accounts are real-name verified, and it is recorded.

第三条 counts as official only accounts "经网站实名认证". A verified account records the
subject shown by the platform and the date; an account still pending verification is
tolerated for ``verification_grace_days`` (policy, default 90) after it opened, then warned.
Closed accounts are not checked.

PASS::

    verification: {verified: true, subject: 中国劳动关系学院, verified_on: 2016-03-02}

FAIL::

    verification: {verified: true}                  # subject and date missing
    verification: {verified: false}                 # opened a year ago: warning
    verification: {verified: true, subject: 张三, verified_on: 2016-03-02}   # a person
"""

from __future__ import annotations

from collections.abc import Iterator

from checks import deadlines
from checks.base import Context, account_rule
from schemas.finding import Finding, RuleInfo, Severity
from schemas.registry import AccountFile
from schemas.text import Msg

INFO = RuleInfo(
    "verification-recorded",
    3,
    Severity.ERROR,
    Msg("官方新媒体须经实名认证并登记认证主体和日期", "real-name verification is recorded"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    if account.status == "closed":
        return
    verification = account.verification
    policy = ctx.registry.policy
    pending = deadlines.verification(account, policy)
    if pending is not None:
        waited = (ctx.today - account.opened_on).days
        if ctx.today > pending.due_on:
            yield record.at(
                INFO,
                pending.where,
                Msg(
                    f"账号开通已 {waited} 天仍未实名认证（宽限 {policy.verification_grace_days} 天）",
                    f"still not verified {waited} days after opening "
                    f"(grace period {policy.verification_grace_days} days)",
                ),
                Msg(
                    "尽快在平台完成实名认证（党政办公室（网络信息中心）提供所需材料），"
                    "然后填写 verified: true、subject 和 verified_on。",
                    "Complete real-name verification, then record verified, subject and verified_on.",
                ),
                severity=Severity.WARNING,
            )
        return
    for key, zh in (("subject", "认证主体"), ("verified_on", "认证日期")):
        if getattr(verification, key) is None:
            yield record.at(
                INFO,
                ("verification", key),
                Msg(
                    f"已实名认证，但没有填写{zh}（verification.{key}）",
                    f"verified, but verification.{key} is missing",
                ),
                Msg(
                    f"在 verification 下添加 {key}: …（平台认证页面上显示的{zh}）。",
                    f"Add {key}: … under verification.",
                ),
                on_key=True,
            )
    subject = verification.subject
    if subject is not None and policy.institution not in subject:
        yield record.at(
            INFO,
            ("verification", "subject"),
            Msg(
                f"认证主体“{subject}”不是{policy.institution}或其下属单位",
                f"verified subject '{subject}' is not {policy.institution} or one of its units",
            ),
            Msg(
                f"官方新媒体须以{policy.institution}（或其单位）名义认证，不能以个人名义（第四条）。",
                f"Official accounts are verified in the name of {policy.institution}, never a person.",
            ),
        )
    if verification.verified_on is not None and verification.verified_on > ctx.today:
        yield record.at(
            INFO,
            ("verification", "verified_on"),
            Msg(f"认证日期 {verification.verified_on} 在今天之后", "verified_on is in the future"),
            Msg("填写实际完成认证的日期。", "Write the date verification actually happened."),
        )


RULE = account_rule(INFO, check, __doc__)
