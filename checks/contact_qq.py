"""contact-qq: the contact's QQ number, when given, is 5–11 digits not starting with 0.

附件1 has a QQ号 row for the contact. It must be written in quotes: unquoted, YAML reads it
as a number (see yaml-type-trap).

PASS (没有 QQ 号)::

    # base: law-weibo
    -contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr.edu.cn, qq: "10001234"}
    +contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr.edu.cn}

FAIL (全角数字的 QQ 号)::

    # base: law-weibo
    # expect: contact-qq 5 16:94 含有全角字符
    -contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr.edu.cn, qq: "10001234"}
    +contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr.edu.cn, qq: "１０００１２３４"}

FAIL (QQ 号只有 4 位)::

    # base: law-weibo
    # expect: contact-qq 5 16:94 5–11 位数字
    -contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr.edu.cn, qq: "10001234"}
    +contact: {name: 王小明, title: 宣传干事, phone: "13800138000", email: wangxiaoming@culr.edu.cn, qq: "1234"}
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    QQ_NUMBER,
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    half_width,
)

QQ_5_11_DIGITS = Template("contact-qq.qq-5-11-digits", "QQ 号须为 5–11 位数字", "QQ is 5–11 digits")
QQ_NUMBER_HAS_FULL_WIDTH = Template(
    "contact-qq.qq-number-has-full-width",
    "QQ 号含有全角字符：{value}",
    "QQ number has full-width characters",
)
USE_HALF_WIDTH_DIGITS = Template(
    "contact-qq.use-half-width-digits",
    '切换到英文（半角）输入，改为 "{fixed}"。',
    'Use half-width digits: "{fixed}".',
)
QQ_MUST_BE_5_11 = Template(
    "contact-qq.qq-must-be-5-11",
    "QQ 号“{value}”应为 5–11 位数字且不以 0 开头",
    "QQ '{value}' must be 5–11 digits, not starting with 0",
)
CHECK_NUMBER_OR_REMOVE_LINE = Template(
    "contact-qq.check-number-or-remove-line",
    "核对 QQ 号；没有可删除这一行。",
    "Check the number, or remove the line.",
)

INFO = RuleInfo("contact-qq", "filing", Severity.ERROR, QQ_5_11_DIGITS())


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    value = record.account.contact.qq
    if value is None:
        return
    fixed = half_width(value)
    if fixed is not None:
        yield record.at(
            INFO,
            ("contact", "qq"),
            QQ_NUMBER_HAS_FULL_WIDTH(value=value),
            USE_HALF_WIDTH_DIGITS(fixed=fixed),
        )
    elif not QQ_NUMBER.fullmatch(value):
        yield record.at(
            INFO,
            ("contact", "qq"),
            QQ_MUST_BE_5_11(value=value),
            CHECK_NUMBER_OR_REMOVE_LINE(),
        )


RULE = account_rule(INFO, check, __doc__)
