"""第四条 duplicate-handle: one platform account is registered once.

Two open records for the same 新媒体号 on the same platform would give it two host units
and two sets of managers. Closed records may share a handle with a later account (a
platform can give a name out again), so only accounts that are not closed are compared.
Handles compare case-insensitively and without a leading ``@``.

PASS::

    accounts/law/law-weibo.yaml         platform: weibo, handle: culr_law
    accounts/law/law-wechat.yaml        platform: wechat, handle: culr_law

FAIL::

    accounts/law/law-weibo.yaml         platform: weibo, handle: culr_law
    accounts/business/x-weibo.yaml      platform: weibo, handle: CULR_law
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from checks.base import Context, registry_rule
from schemas.finding import Finding, RuleInfo, Severity
from schemas.registry import AccountIndex
from schemas.text import Msg

INFO = RuleInfo(
    "duplicate-handle",
    4,
    Severity.ERROR,
    Msg("同一平台的同一账号只能登记一次", "a platform account is registered once"),
)


def handle_key(platform: str, handle: str) -> tuple[str, str]:
    return platform, handle.strip().lstrip("@").casefold()


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.registry.complete:
        return  # needs every record: skipped when only some files are checked
    by_key: dict[tuple[str, str], list[AccountIndex]] = defaultdict(list)
    for entry in ctx.registry.index:
        if entry.status != "closed":
            by_key[handle_key(entry.platform, entry.handle)].append(entry)
    for entries in by_key.values():
        if len(entries) < 2:
            continue
        for entry in entries:
            others = "、".join(other.path for other in entries if other is not entry)
            yield INFO.finding(
                entry.path,
                entry.handle_line,
                entry.handle_column,
                "handle",
                Msg(
                    f"{entry.platform} 账号 {entry.handle} 也由 {others} 登记",
                    f"{entry.platform} account {entry.handle} is also registered by {others}",
                ),
                Msg(
                    "同一个账号只保留一份记录；主办单位变更请修改原记录并重新备案（reason: unit-change）。",
                    "Keep one record per account; for a new host unit, edit the original and re-file.",
                ),
            )


RULE = registry_rule(INFO, check, __doc__)
