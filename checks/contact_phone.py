"""contact-phone: every phone number on the 登记表 is a valid Chinese number.

附件1 ({art_filing}) asks a 联系电话 for the contact, the leader and each administrator. Numbers
are checked with ``phonenumbers`` (region CN): mobiles and landlines with area code, as text.
Full-width digits, typed with a Chinese input method, are caught with the fix.

PASS (手机号和带区号座机)::

    # base: law-weibo

FAIL (全角数字)::

    # base: law-weibo
    # expect: contact-phone 5 17:40 含有全角字符
    -leader: {name: 李大伟, title: 副院长, phone: "13900139000", email: lidawei@culr.edu.cn}
    +leader: {name: 李大伟, title: 副院长, phone: "１３９００１３９０００", email: lidawei@culr.edu.cn}

FAIL (电话里有字母)::

    # base: law-weibo
    # expect: contact-phone 5 19:38 不是有效的号码
    -  - {name: 张丽, title: 新媒体管理员, phone: "010-64921234", email: zhangli@culr.edu.cn}
    +  - {name: 张丽, title: 新媒体管理员, phone: "010-6492abcd", email: zhangli@culr.edu.cn}
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
    half_width,
    is_valid_phone,
    people,
)

PHONE_NUMBERS_VALID_CHINESE_NUMBERS = Template(
    "contact-phone.phone-numbers-valid-chinese-numbers",
    "联系电话须为有效的中国手机号或座机号",
    "phone numbers are valid Chinese numbers",
)
PHONE_HAS_FULL_WIDTH_CHARACTERS = Template(
    "contact-phone.phone-has-full-width-characters",
    "{role}的联系电话含有全角字符：{value}",
    "{role}: phone has full-width characters",
)
USE_HALF_WIDTH_DIGITS = Template(
    "contact-phone.use-half-width-digits",
    '切换到英文（半角）输入，改为 "{fixed}"。',
    'Use half-width digits: "{fixed}".',
)
NOT_VALID_PHONE_NUMBER = Template(
    "contact-phone.not-valid-phone-number",
    "{role}的联系电话“{value}”不是有效的号码",
    "{role}: '{value}' is not a valid phone number",
)
MOBILE_11_DIGITS_LANDLINE_WITH = Template(
    "contact-phone.mobile-11-digits-landline-with",
    '手机号 11 位，例如 "13800138000"；座机带区号，例如 "010-88561234"。',
    'Mobile: 11 digits; landline with area code, e.g. "010-88561234".',
)

INFO = RuleInfo(
    "contact-phone",
    "filing",
    Severity.ERROR,
    PHONE_NUMBERS_VALID_CHINESE_NUMBERS(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    for role, path, person in people(record):
        value = person.phone
        fixed = half_width(value)
        if fixed is not None:
            yield record.at(
                INFO,
                (*path, "phone"),
                PHONE_HAS_FULL_WIDTH_CHARACTERS(role=role, value=value),
                USE_HALF_WIDTH_DIGITS(fixed=fixed),
            )
        elif not is_valid_phone(value):
            yield record.at(
                INFO,
                (*path, "phone"),
                NOT_VALID_PHONE_NUMBER(role=role, value=value),
                MOBILE_11_DIGITS_LANDLINE_WITH(),
            )


RULE = account_rule(INFO, check, __doc__)
