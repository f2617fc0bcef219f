"""第四条 handle-form: a 新媒体号 is written as the platform shows it, in one script.

A handle typed with full-width letters (``ｃｕｌｒ``) or mixing scripts (Latin with a
Cyrillic ``с`` or a Greek ``ο``) is not the platform's handle: it is either a typo a citizen
can never find, or an impostor's look-alike. Scripts come from Unicode's data; Latin and Han
may mix (Chinese handles do), other mixtures may not.

PASS::

    handle: "culr_law"
    handle: "劳院law"

FAIL::

    handle: "ｃｕｌｒ_law"        # full-width letters
    handle: "сulr_law"          # Cyrillic с among Latin letters
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    account_rule,
    full_width,
    mixed_script,
)

INFO = RuleInfo(
    "handle-form",
    4,
    Severity.ERROR,
    Msg(
        "新媒体号须按平台显示的原样填写，不能用全角或混用文字", "handles are half-width, one script"
    ),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    handle = record.account.handle
    if full_width(handle):
        plain = unicodedata.normalize("NFKC", handle)
        yield record.at(
            INFO,
            ("handle",),
            Msg(
                f"新媒体号“{handle}”中有全角或兼容字符",
                f"handle '{handle}' has full-width characters",
            ),
            Msg(
                f"用半角（英文输入法）重新输入：{plain}。",
                f"Retype it half-width: {plain}.",
            ),
        )
        return
    scripts = mixed_script(handle)
    if scripts:
        listing = "、".join(sorted(scripts))
        yield record.at(
            INFO,
            ("handle",),
            Msg(
                f"新媒体号“{handle}”混用了多种文字（{listing}），看起来像别的账号",
                f"handle '{handle}' mixes scripts ({listing})",
            ),
            Msg(
                "从平台账号页面复制新媒体号，或用英文输入法重新输入；不要混用外文字母。",
                "Copy the handle from the platform, or retype it with a plain keyboard.",
            ),
        )


RULE = account_rule(INFO, check, __doc__)
