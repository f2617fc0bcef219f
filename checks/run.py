"""Run every rule over a loaded registry and collect the findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checks import RULES
from checks.base import Context, Rule
from schemas.finding import Finding
from schemas.models import Policy
from schemas.registry import Registry


def today_in(policy: Policy | None, now: dt.datetime | None = None) -> dt.date:
    """Today in the policy's timezone (Asia/Shanghai), whatever the machine's zone."""
    zone_name = policy.timezone if policy is not None else "Asia/Shanghai"
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Asia/Shanghai")
    return (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()


def run(registry: Registry, today: dt.date, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Loader findings plus every rule's findings, deduplicated and in file order."""
    context = Context(registry, today)
    found = list(registry.findings)
    for rule in rules:
        if rule.scope == "account":
            for record in registry.accounts:
                found.extend(rule.check(record, context))
        elif rule.scope == "document":
            for document in registry.documents:
                found.extend(rule.check(document, context))
        else:
            found.extend(rule.check(context))
    return sorted(_most_specific(found), key=lambda finding: finding.sort_key)


def _most_specific(findings: list[Finding]) -> list[Finding]:
    """Drop a generic shape finding where a rule with an article reports the same spot.

    An unknown key ``password:`` is both unknown to the schema and a secret (第九条): the
    article is what the unit needs to read.
    """
    cited = {(f.path, f.line, f.column) for f in findings if f.rule != "schema" and f.article}
    return [f for f in findings if f.rule != "schema" or (f.path, f.line, f.column) not in cited]
