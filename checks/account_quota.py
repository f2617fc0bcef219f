"""account-quota: a unit keeps no more accounts than policy.yaml ``quotas`` allows.

Some Measures allow a unit one account per platform, or a maximum in all. Closed accounts do not
count. The accounts opened first keep their place; each account beyond the quota is reported at
its ``platform`` line, naming the ones that fill the quota.

PASS (每个单位每个平台一个账号)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # policy: quotas: {per_platform: 1}
    # policy: requirements: {quotas: {article: 4}}

FAIL (同一平台开了第二个账号)::

    # base: law-weibo
    # path: accounts/law/law-weibo-2.yaml
    # policy: quotas: {per_platform: 1}
    # policy: requirements: {quotas: {article: 4}}
    # expect: account-quota 4 4:11 法学院在微博已有 1 个账号
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from nmr.engine.api import (
    AccountIndex,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    registry_rule,
)

WITHIN_QUOTA = Template(
    "account-quota.within-quota",
    "单位开通的账号数不超过 policy.yaml 的 quotas",
    "units keep no more accounts than policy.yaml quotas",
)
OVER_PLATFORM = Template(
    "account-quota.over-platform",
    "{unit}在{platform}已有 {limit} 个账号（{others}），最多 {limit} 个",
    "{unit} already has {limit} account(s) on {platform} ({others}); the limit is {limit}",
)
OVER_UNIT = Template(
    "account-quota.over-unit",
    "{unit}已有 {limit} 个账号（{others}），最多 {limit} 个",
    "{unit} already has {limit} accounts ({others}); the limit is {limit}",
)
CLOSE_OR_MERGE = Template(
    "account-quota.close-or-merge",
    "并入已有账号，或先注销一个账号（status: closed）再开通。",
    "Merge it into an existing account, or close one (status: closed) first.",
)

INFO = RuleInfo("account-quota", "quotas", Severity.ERROR, WITHIN_QUOTA())


def _over(
    groups: dict[object, list[AccountIndex]], limit: int
) -> Iterator[tuple[AccountIndex, list[str]]]:
    for accounts in groups.values():
        ordered = sorted(accounts, key=lambda item: (item.opened_on, item.path))
        kept = [item.path for item in ordered[:limit]]
        for item in ordered[limit:]:
            yield item, kept


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    quotas = registry.policy.quotas
    live = [item for item in registry.index if item.status != "closed"]
    checks: list[tuple[int | None, Template, Callable[[AccountIndex], object]]] = [
        (quotas.per_platform, OVER_PLATFORM, lambda item: (item.unit, item.platform)),
        (quotas.per_unit, OVER_UNIT, lambda item: item.unit),
    ]
    for limit, template, key in checks:
        if limit is None:
            continue
        groups: dict[object, list[AccountIndex]] = defaultdict(list)
        for item in live:
            groups[key(item)].append(item)
        for item, kept in _over(groups, limit):
            message = template(
                unit=registry.unit_name(item.unit),
                platform=registry.policy.platform_label(item.platform),
                limit=limit,
                others=kept,
            )
            yield INFO.finding(
                item.path,
                item.platform_line,
                item.platform_column,
                "platform",
                message,
                CLOSE_OR_MERGE(),
            )


RULE = registry_rule(INFO, check, __doc__)
