"""duplicate-handle: one platform account is registered once, and no look-alike beside it.

Two open records for the same 新媒体号 on the same platform would give it two host units and
two sets of managers; a handle that only *looks* like a registered one (a Cyrillic ``с`` in
``сulr_law``, full-width letters, ``I`` for ``l``, a zero-width space) is how an impostor
borrows an official account's identity. Handles are compared after NFKC, case folding (unless
the platform is ``case_sensitive`` in policy) and the Unicode TR39 confusable skeleton.
Closed records may share a handle with a later account (a platform can give a name out again).

PASS (同名账号在不同平台)::

    # base: law-weibo
    -platform: weibo
    -handle: "culr_law_case"
    +platform: douyin
    +handle: "culr_law"

FAIL (仿冒：与法学院微信号形近（西里尔 с）)::

    # base: law-weibo
    # expect: duplicate-handle 4 5:9 微信公众号账号 сulr_law 与已登记的 accounts/law/law-wechat.yaml（culr_law）看起来相同
    # expect: handle-form 4 5:9 混用了多种文字
    -platform: weibo
    -handle: "culr_law_case"
    +platform: wechat
    +handle: "сulr_law"

FAIL (与法学院微信公众号重复登记)::

    # base: law-weibo
    # expect: duplicate-handle 4 5:9 也由 accounts/law/law-wechat.yaml 登记
    -platform: weibo
    -handle: "culr_law_case"
    +platform: wechat
    +handle: "CULR_law"
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from nmr.engine.api import (
    AccountIndex,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    Template,
    registry_rule,
)

PLATFORM_ACCOUNT_REGISTERED_ONCE_WITH = Template(
    "duplicate-handle.platform-account-registered-once-with",
    "同一平台的同一账号只能登记一次，也不能有形近仿冒的账号",
    "a platform account is registered once, with no look-alike",
)
ACCOUNT_ALSO_REGISTERED_BY = Template(
    "duplicate-handle.account-also-registered-by",
    "{platform}账号 {handle} 也由 {paths} 登记",
    "{platform} account {handle} is also registered by {paths}",
)
ACCOUNT_LOOKS_LIKE = Template(
    "duplicate-handle.account-looks-like",
    "{platform}账号 {handle} 与已登记的 {looks}看起来相同（形近字符、全角或大小写不同）",
    "{platform} account {handle} looks like {looks}",
)
KEEP_ONE_RECORD_PER_ACCOUNT = Template(
    "duplicate-handle.keep-one-record-per-account",
    "同一个账号只保留一份记录；主办单位变更请修改原记录并重新备案（reason: unit-change）。形近的账号名会被当作仿冒：核对新媒体号是否抄写正确。",
    "Keep one record per account; a look-alike handle is treated as impersonation.",
)

PATH_AND_HANDLE = Template(
    "duplicate-handle.path-and-handle", "{path}（{handle}）", "{path} ({handle})"
)

INFO = RuleInfo(
    "duplicate-handle",
    "no-impersonation",
    Severity.ERROR,
    PLATFORM_ACCOUNT_REGISTERED_ONCE_WITH(),
)


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.registry.complete:
        return  # needs every record: skipped when only some files are checked
    # hkeys are worked out per file, with its platform's case rule
    by_key = ctx.registry.grouped(
        lambda entry: (
            [(entry.platform, key) for key in entry.hkeys] if entry.status != "closed" else ()
        )
    )
    clashes: dict[str, dict[str, AccountIndex]] = defaultdict(dict)
    for entries in by_key.values():
        for entry in entries:
            for other in entries:
                if other is not entry:
                    clashes[entry.path][other.path] = other
    for entry in ctx.registry.index:
        others = list(clashes.get(entry.path, {}).values())
        if others:
            label = ctx.registry.policy.platform_label(entry.platform)
            yield _finding(entry, others, Msg.verbatim(label, entry.platform))


def _finding(entry: AccountIndex, others: list[AccountIndex], platform: Msg) -> Finding:
    same = [o for o in others if o.handle.strip().casefold() == entry.handle.strip().casefold()]
    alike = [o for o in others if o not in same]
    paths = [o.path for o in same]
    looks = [PATH_AND_HANDLE(path=o.path, handle=o.handle) for o in alike]
    message = (
        ACCOUNT_ALSO_REGISTERED_BY(platform=platform, handle=entry.handle, paths=paths)
        if same
        else ACCOUNT_LOOKS_LIKE(platform=platform, handle=entry.handle, looks=looks)
    )
    return INFO.finding(
        entry.path,
        entry.handle_line,
        entry.handle_column,
        "handle",
        message,
        KEEP_ONE_RECORD_PER_ACCOUNT(),
    )


RULE = registry_rule(INFO, check, __doc__)
