"""handle-form: a 新媒体号 is written as the platform shows it, in one script.

A handle typed with full-width letters (``ｃｕｌｒ``) or mixing scripts (Latin with a
Cyrillic ``с`` or a Greek ``ο``) is not the platform's handle: it is either a typo a citizen
can never find, or an impostor's look-alike. Scripts come from Unicode's data; Latin and Han
may mix (Chinese handles do), other mixtures may not.

PASS (半角新媒体号)::

    # base: law-weibo

FAIL (新媒体号中混入西里尔字母)::

    # base: law-weibo
    # expect: handle-form 4 5:9 混用了多种文字（CYRILLIC、LATIN），看起来像别的账号
    -handle: "culr_law_case"
    +handle: "сulr_law_case"

FAIL (全角字母的新媒体号)::

    # base: law-weibo
    # expect: handle-form 4 5:9 新媒体号“ｃｕｌｒ_law_case”中有全角或兼容字符
    -handle: "culr_law_case"
    +handle: "ｃｕｌｒ_law_case"
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    full_width,
    mixed_script,
)

HANDLES_HALF_WIDTH_ONE_SCRIPT = Template(
    "handle-form.handles-half-width-one-script",
    "新媒体号须按平台显示的原样填写，不能用全角或混用文字",
    "handles are half-width, one script",
)
HANDLE_HAS_FULL_WIDTH_CHARACTERS = Template(
    "handle-form.handle-has-full-width-characters",
    "新媒体号“{handle}”中有全角或兼容字符",
    "handle '{handle}' has full-width characters",
)
RETYPE_IT_HALF_WIDTH = Template(
    "handle-form.retype-it-half-width",
    "用半角（英文输入法）重新输入：{plain}。",
    "Retype it half-width: {plain}.",
)
HANDLE_MIXES_SCRIPTS = Template(
    "handle-form.handle-mixes-scripts",
    "新媒体号“{handle}”混用了多种文字（{listing}），看起来像别的账号",
    "handle '{handle}' mixes scripts ({listing})",
)
COPY_HANDLE_FROM_PLATFORM_OR = Template(
    "handle-form.copy-handle-from-platform-or",
    "从平台账号页面复制新媒体号，或用英文输入法重新输入；不要混用外文字母。",
    "Copy the handle from the platform, or retype it with a plain keyboard.",
)

INFO = RuleInfo(
    "handle-form",
    "no-impersonation",
    Severity.ERROR,
    HANDLES_HALF_WIDTH_ONE_SCRIPT(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    handle = record.account.handle
    if full_width(handle):
        plain = unicodedata.normalize("NFKC", handle)
        yield record.at(
            INFO,
            ("handle",),
            HANDLE_HAS_FULL_WIDTH_CHARACTERS(handle=handle),
            RETYPE_IT_HALF_WIDTH(plain=plain),
        )
        return
    scripts = mixed_script(handle)
    if scripts:
        listing = sorted(scripts)
        yield record.at(
            INFO,
            ("handle",),
            HANDLE_MIXES_SCRIPTS(handle=handle, listing=listing),
            COPY_HANDLE_FROM_PLATFORM_OR(),
        )


RULE = account_rule(INFO, check, __doc__)
