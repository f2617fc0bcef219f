"""第五条 contact-email: every e-mail address on the 登记表 is valid.

附件1 asks a 邮箱 for the contact, the leader and each administrator. Addresses are checked
with ``email-validator`` (syntax only; no network). A full-width ＠ or letters typed with a
Chinese input method are caught with the fix.

PASS::

    email: law@culr.edu.cn

FAIL::

    email: law@culr             # no domain suffix
    email: law＠culr.edu.cn     # full-width ＠
"""

from __future__ import annotations

from collections.abc import Iterator

from email_validator import EmailNotValidError, validate_email

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    account_rule,
    half_width,
    people,
)

INFO = RuleInfo(
    "contact-email",
    5,
    Severity.ERROR,
    Msg("邮箱须为有效的电子邮箱地址", "e-mail addresses are valid"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    for role, path, person in people(record):
        value = person.email
        fixed = half_width(value)
        if fixed is not None:
            yield record.at(
                INFO,
                (*path, "email"),
                Msg(
                    f"{role}的邮箱含有全角字符：{value}",
                    f"{role}: e-mail has full-width characters",
                ),
                Msg(
                    f"切换到英文（半角）输入，改为 {fixed}。",
                    f"Use half-width characters: {fixed}.",
                ),
            )
            continue
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError as error:
            yield record.at(
                INFO,
                (*path, "email"),
                Msg(
                    f"{role}的邮箱“{value}”无效",
                    f"{role}: '{value}' is not a valid e-mail ({error})",
                ),
                Msg(
                    "写完整地址，例如 name@culr.edu.cn。",
                    "Write a full address, e.g. name@culr.edu.cn.",
                ),
            )


RULE = account_rule(INFO, check, __doc__)
