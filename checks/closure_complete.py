"""第十四条 closure-complete: a closed account has a complete closure record, and only it.

第六条 and 第十四条 let the school order accounts closed; the registry keeps them (never
deleted) so an old account can never pass for official. ``status: closed`` needs a
``closure`` with date and reason (an order names who gave it); an account that is not
closed has no ``closure``.

PASS::

    status: closed
    closure: {closed_on: 2019-01-15, reason: ordered, ordered_by: 党委组宣部}

FAIL::

    status: closed                  # closure missing
    status: active
    closure: {closed_on: …}         # says closed, shows active
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    account_rule,
)

INFO = RuleInfo(
    "closure-complete",
    14,
    Severity.ERROR,
    Msg(
        "注销账号须有完整注销记录，未注销账号不得有注销记录",
        "closed accounts carry a closure record",
    ),
)

ORDERED = {"ordered", "annual-review-failed"}


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    closure = account.closure
    if account.status != "closed":
        if closure is not None:
            yield record.at(
                INFO,
                ("closure",),
                Msg(
                    f"状态是 {account.status}，却有注销记录",
                    f"status is {account.status} but closure is set",
                ),
                Msg(
                    "账号已注销就把 status 改为 closed；否则删除 closure。",
                    "Set status: closed if the account is closed; otherwise remove closure.",
                ),
                on_key=True,
            )
        return
    if closure is None:
        yield record.at(
            INFO,
            ("status",),
            Msg(
                "状态为 closed，但没有注销记录（closure）",
                "status is closed but closure is missing",
            ),
            Msg(
                "添加 closure: {closed_on: YYYY-MM-DD, reason: …}。",
                "Add closure: {closed_on: YYYY-MM-DD, reason: …}.",
            ),
        )
        return
    if closure.closed_on < account.opened_on:
        yield record.at(
            INFO,
            ("closure", "closed_on"),
            Msg(
                f"注销日期 {closure.closed_on} 早于开通日期 {account.opened_on}",
                f"closed_on {closure.closed_on} is before opened_on {account.opened_on}",
            ),
            Msg("核对注销日期。", "Check the closing date."),
        )
    if closure.closed_on > ctx.today:
        yield record.at(
            INFO,
            ("closure", "closed_on"),
            Msg(
                f"注销日期 {closure.closed_on} 在今天之后",
                f"closed_on {closure.closed_on} is in the future",
            ),
            Msg(
                "账号实际注销后再提交注销记录。",
                "File the closure once the account is actually closed.",
            ),
        )
    if closure.reason in ORDERED and closure.ordered_by is None:
        yield record.at(
            INFO,
            ("closure", "reason"),
            Msg(
                "责令关闭的账号须写明责令单位（closure.ordered_by）",
                "an ordered closure names who ordered it (closure.ordered_by)",
            ),
            Msg("添加 ordered_by: 党委组宣部（或实际责令的部门）。", "Add ordered_by: …"),
        )


RULE = account_rule(INFO, check, __doc__)
