"""platform-known: the account's platform is one the policy lists.

{art_official_media} names the kinds of new media;
``policy/policy.yaml`` ``platforms`` lists them and the newer ones the school has added.

PASS (抖音是 policy.yaml 所列平台)::

    # base: law-weibo
    -platform: weibo
    +platform: douyin

FAIL (写了中文名称而不是平台键)::

    # base: law-weibo
    # expect: platform-known 3 4:11 “微信公众号”不在
    -platform: weibo
    +platform: 微信公众号

FAIL (twitter 不在 policy.yaml)::

    # base: law-weibo
    # expect: platform-known 3 4:11 不在 policy.yaml 所列平台中
    -platform: weibo
    +platform: twitter
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
)

PLATFORM_ONE_POLICY_LISTS = Template(
    "platform-known.platform-one-policy-lists",
    "新媒体类型须为办法所列平台之一",
    "the platform is one the policy lists",
)
USE_PLATFORM = Template(
    "platform-known.use-platform", "改为 platform: {close}。", "Use platform: {close}."
)
CHOOSE_ONE_NEW_PLATFORMS_GO = Template(
    "platform-known.choose-one-new-platforms-go",
    "可选：{listing}。新平台须先加入 policy/policy.yaml。",
    "Choose one of: {platforms}; new platforms go into policy.yaml first.",
)
PLATFORM_NOT_IN_POLICY_YAML = Template(
    "platform-known.platform-not-in-policy-yaml",
    "新媒体类型“{value}”不在 policy.yaml 所列平台中",
    "platform '{value}' is not in policy.yaml",
)

KEY_AND_LABEL = Template("platform-known.key-and-label", "{key}（{label}）", "{key} ({label})")

INFO = RuleInfo(
    "platform-known",
    "official-media",
    Severity.ERROR,
    PLATFORM_ONE_POLICY_LISTS(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    platforms = ctx.registry.policy.platform_labels
    value = record.account.platform
    if value in platforms:
        return
    by_label = [key for key, label in platforms.items() if label == value or value in label]
    close = by_label or difflib.get_close_matches(value, list(platforms), n=1)
    listing = [KEY_AND_LABEL(key=key, label=label) for key, label in platforms.items()]
    hint = (
        USE_PLATFORM(close=close[0])
        if close
        else CHOOSE_ONE_NEW_PLATFORMS_GO(listing=listing, platforms=list(platforms))
    )
    yield record.at(
        INFO,
        ("platform",),
        PLATFORM_NOT_IN_POLICY_YAML(value=value),
        hint,
    )


RULE = account_rule(INFO, check, __doc__)
