"""第五条 contact-qq: the contact's QQ number, when given, is 5–11 digits not starting with 0.

附件1 has a QQ号 row for the contact. It must be written in quotes: unquoted, YAML reads it
as a number (see yaml-type-trap).

PASS::

    qq: "10001234"

FAIL::

    qq: "1234"          # too short
    qq: "０１２３４５"    # full-width digits
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    QQ_NUMBER,
    AccountFile,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    account_rule,
    half_width,
)

INFO = RuleInfo("contact-qq", 5, Severity.ERROR, Msg("QQ 号须为 5–11 位数字", "QQ is 5–11 digits"))


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    value = record.account.contact.qq
    if value is None:
        return
    fixed = half_width(value)
    if fixed is not None:
        yield record.at(
            INFO,
            ("contact", "qq"),
            Msg(f"QQ 号含有全角字符：{value}", "QQ number has full-width characters"),
            Msg(f'切换到英文（半角）输入，改为 "{fixed}"。', f'Use half-width digits: "{fixed}".'),
        )
    elif not QQ_NUMBER.fullmatch(value):
        yield record.at(
            INFO,
            ("contact", "qq"),
            Msg(
                f"QQ 号“{value}”应为 5–11 位数字且不以 0 开头",
                f"QQ '{value}' must be 5–11 digits, not starting with 0",
            ),
            Msg("核对 QQ 号；没有可删除这一行。", "Check the number, or remove the line."),
        )


RULE = account_rule(INFO, check, __doc__)
