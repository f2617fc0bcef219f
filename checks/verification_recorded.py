"""verification-recorded: official accounts are real-name verified, and it is recorded.

{art_official_media} counts as official only accounts verified by their platform. A verified account records the
subject shown by the platform and the date; an account still pending verification is
tolerated for ``verification_grace_days`` (policy, default 90) after it opened, then it is an
error. Where the Measures put approval before opening (policy.yaml ``filing_timing``
``approved-before-opening``, {art_filing}), verification never predates the approval of an account
opened under them; where accounts are filed after they open, it may. Platforms that cannot verify accounts (``verifiable: false`` in
policy, e.g. work groups) are exempt; closed and proposed accounts are not checked.

PASS (已认证且填写完整)::

    # base: law-weibo

FAIL (已认证但没有认证主体)::

    # base: law-weibo
    # expect: verification-recorded 3 12:1 没有填写认证主体
    -  subject: 中国劳动关系学院法学院

FAIL (以个人名义认证)::

    # base: law-weibo
    # expect: verification-recorded 3 14:12 不是中国劳动关系学院
    -  subject: 中国劳动关系学院法学院
    +  subject: 王小明
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
    pending_verification,
    set_by,
)

REAL_NAME_VERIFICATION_RECORDED = Template(
    "verification-recorded.real-name-verification-recorded",
    "官方新媒体须经实名认证并登记认证主体和日期",
    "real-name verification is recorded",
)
VERIFIED_ON_BEFORE_APPROVAL_ON = Template(
    "verification-recorded.verified-on-before-approval-on",
    "实名认证日期 {verified_on} 早于备案审批日期 {approved_on}：须经批准后方可开通认证",
    "verified on {verified_on}, before the approval on {approved_on}",
)
CHECK_DATES_ACCOUNTS_OPENED_AND = Template(
    "verification-recorded.check-dates-accounts-opened-and",
    "核对日期：账号应在备案审批通过后再开通和认证（{art_filing}）。",
    "Check the dates: accounts are opened and verified after approval.",
)
VERIFIED_SUBJECT_NOT_OR_ONE = Template(
    "verification-recorded.verified-subject-not-or-one",
    "认证主体“{subject}”不是{institution}或其下属单位",
    "verified subject '{subject}' is not {institution} or one of its units",
)
OFFICIAL_ACCOUNTS_VERIFIED_IN_NAME = Template(
    "verification-recorded.official-accounts-verified-in-name",
    "官方新媒体须以{institution}（或其单位）名义认证，不能以个人名义（{art_host_unit}）。",
    "Official accounts are verified in the name of {institution}, never a person.",
)
VERIFIED_ON_IN_FUTURE = Template(
    "verification-recorded.verified-on-in-future",
    "认证日期 {verified_on} 在今天之后",
    "verified_on is in the future",
)
WRITE_DATE_VERIFICATION_ACTUALLY_HAPPENED = Template(
    "verification-recorded.write-date-verification-actually-happened",
    "填写实际完成认证的日期。",
    "Write the date verification actually happened.",
)
STILL_NOT_VERIFIED_DAYS_AFTER = Template(
    "verification-recorded.still-not-verified-days-after",
    "账号开通已 {waited} 天仍未实名认证（宽限 {verification_grace_days} 天，{source}）",
    "still not verified {waited} days after opening "
    "(grace period {verification_grace_days} days: {source})",
)
COMPLETE_REAL_NAME_VERIFICATION_THEN = Template(
    "verification-recorded.complete-real-name-verification-then",
    "未经实名认证的账号不是官方账号（{art_official_media}）：尽快在平台完成实名认证，然后填写 verified: true、subject 和 verified_on；无法认证的账号应注销。",
    "Complete real-name verification, then record verified, subject and verified_on.",
)
VERIFIED_BUT_VERIFICATION_MISSING = Template(
    "verification-recorded.verified-but-verification-missing",
    "已实名认证，但没有填写{what}（verification.{key}）",
    "verified, but verification.{key} is missing",
)
ADD_UNDER_VERIFICATION = Template(
    "verification-recorded.add-under-verification",
    "在 verification 下添加 {key}: …（平台认证页面上显示的{what}）。",
    "Add {key}: … under verification.",
)

SUBJECT = Template("verification-recorded.subject", "认证主体", "subject")
VERIFIED_ON = Template("verification-recorded.verified-on", "认证日期", "date")

INFO = RuleInfo(
    "verification-recorded",
    "official-media",
    Severity.ERROR,
    REAL_NAME_VERIFICATION_RECORDED(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    policy = ctx.registry.policy
    platform = policy.platforms.get(account.platform)
    if account.status in ("closed", "proposed") or (platform and not platform.verifiable):
        return
    verification = account.verification
    pending = pending_verification(account, policy)
    if pending is not None:
        waited = (ctx.today - account.opened_on).days
        if ctx.today > pending.due_on:
            yield record.at(
                INFO,
                pending.where,
                STILL_NOT_VERIFIED_DAYS_AFTER(
                    waited=waited,
                    verification_grace_days=policy.verification_grace_days or 0,
                    source=set_by(policy, "verification_grace_days"),
                ),
                COMPLETE_REAL_NAME_VERIFICATION_THEN(),
            )
        return
    yield from _before_approval(record, ctx)
    for key, label in (("subject", SUBJECT), ("verified_on", VERIFIED_ON)):
        if getattr(verification, key) is None:
            yield record.at(
                INFO,
                ("verification", key),
                VERIFIED_BUT_VERIFICATION_MISSING(what=label(), key=key),
                ADD_UNDER_VERIFICATION(key=key, what=label()),
                on_key=True,
            )
    subject = verification.subject
    if subject is not None and policy.institution not in subject:
        yield record.at(
            INFO,
            ("verification", "subject"),
            VERIFIED_SUBJECT_NOT_OR_ONE(subject=subject, institution=policy.institution),
            OFFICIAL_ACCOUNTS_VERIFIED_IN_NAME(institution=policy.institution),
        )
    if verification.verified_on is not None and verification.verified_on > ctx.today:
        yield record.at(
            INFO,
            ("verification", "verified_on"),
            VERIFIED_ON_IN_FUTURE(verified_on=verification.verified_on),
            WRITE_DATE_VERIFICATION_ACTUALLY_HAPPENED(),
        )


def _before_approval(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    verified_on = account.verification.verified_on
    first = account.filings[0]
    if (
        verified_on is None
        or first.approved_on is None
        or account.opened_on < ctx.registry.policy.effective_on
        or ctx.registry.policy.filing_timing.when != "approved-before-opening"
        or verified_on >= first.approved_on
    ):
        return
    yield record.at(
        INFO,
        ("verification", "verified_on"),
        VERIFIED_ON_BEFORE_APPROVAL_ON(verified_on=verified_on, approved_on=first.approved_on),
        CHECK_DATES_ACCOUNTS_OPENED_AND(),
    )


RULE = account_rule(INFO, check, __doc__)
