"""contact-email: every e-mail address on the 登记表 is valid.

附件1 asks a 邮箱 for the contact, the leader and each administrator. Addresses are checked
with ``email-validator`` (syntax only; no network). A full-width ＠ or letters typed with a
Chinese input method are caught with the fix.

PASS (学校邮箱)::

    # base: law-weibo

FAIL (全角 ＠)::

    # base: law-weibo
    # expect: contact-email 5 17:62 含有全角字符
    -leader: {name: 李大伟, title: 副院长, phone: "13900139000", email: lidawei@culr.edu.cn}
    +leader: {name: 李大伟, title: 副院长, phone: "13900139000", email: lidawei＠culr.edu.cn}

FAIL (邮箱缺少域名后缀)::

    # base: law-weibo
    # expect: contact-email 5 16:64 “wangxiaoming@culr”无效
    -contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr.edu.cn, qq: "10001234"}
    +contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr, qq: "10001234"}
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
    email_error,
    half_width,
    people,
)

E_MAIL_ADDRESSES_VALID = Template(
    "contact-email.e-mail-addresses-valid",
    "邮箱须为有效的电子邮箱地址",
    "e-mail addresses are valid",
)
E_MAIL_HAS_FULL_WIDTH = Template(
    "contact-email.e-mail-has-full-width",
    "{role}的邮箱含有全角字符：{value}",
    "{role}: e-mail has full-width characters",
)
USE_HALF_WIDTH_CHARACTERS = Template(
    "contact-email.use-half-width-characters",
    "切换到英文（半角）输入，改为 {fixed}。",
    "Use half-width characters: {fixed}.",
)
NOT_VALID_E_MAIL = Template(
    "contact-email.not-valid-e-mail",
    "{role}的邮箱“{value}”无效",
    "{role}: '{value}' is not a valid e-mail ({error})",
)
WRITE_FULL_ADDRESS_E_G = Template(
    "contact-email.write-full-address-e-g",
    "写完整地址，例如 name@example.edu.cn。",
    "Write a full address, e.g. name@example.edu.cn.",
)

INFO = RuleInfo(
    "contact-email",
    "filing",
    Severity.ERROR,
    E_MAIL_ADDRESSES_VALID(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    for role, path, person in people(record):
        value = person.email
        fixed = half_width(value)
        if fixed is not None:
            yield record.at(
                INFO,
                (*path, "email"),
                E_MAIL_HAS_FULL_WIDTH(role=role, value=value),
                USE_HALF_WIDTH_CHARACTERS(fixed=fixed),
            )
            continue
        error = email_error(value)
        if error is not None:
            yield record.at(
                INFO,
                (*path, "email"),
                NOT_VALID_E_MAIL(role=role, value=value, error=error),
                WRITE_FULL_ADDRESS_E_G(),
            )


RULE = account_rule(INFO, check, __doc__)
