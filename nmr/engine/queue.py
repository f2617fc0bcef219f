"""The approver's desk: what waits for the approver unit, and how the review season stands.

- Filings awaiting approval: the newest filing of any open account without an approval
  (a proposed account, or a re-filing).
- Reports awaiting review: annual reports submitted without a result.
- Rectifications: accounts rectifying after a failed review, with their deadline.
- Closures due: rectifying accounts past that deadline with no passing re-review, which the
  school may order closed (第六条), until they are closed or re-reviewed.

The season overview counts, per unit, the accounts that owe year Y's review (第六条):
已报送 (submitted), 待审核 (submitted, no result yet), 合格, 不合格 and 未报送.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from nmr.engine.deadlines import annual_reviews_owed, rectification
from nmr.engine.registry import Registry, account_paths, load_account
from nmr.schemas.models import Account

Kind = Literal["filing", "review", "rectification", "closure"]


@dataclass(frozen=True, slots=True)
class Waiting:
    kind: Kind
    path: str
    account: str
    name: str
    unit: str
    since: dt.date  # filed, submitted, or failed on
    due_on: dt.date | None = None
    detail: str = ""


@dataclass(slots=True)
class Season:
    """One unit's counts for one review year."""

    owed: int = 0
    submitted: int = 0
    pending: int = 0
    passed: int = 0
    failed: int = 0

    @property
    def missing(self) -> int:
        return self.owed - self.submitted


@dataclass(slots=True)
class Desk:
    waiting: list[Waiting] = field(default_factory=list)
    season: dict[str, Season] = field(default_factory=dict)  # unit id → counts
    skipped: list[str] = field(default_factory=list)  # unreadable records: counts are partial

    @property
    def total(self) -> Season:
        total = Season()
        for counts in self.season.values():
            total.owed += counts.owed
            total.submitted += counts.submitted
            total.pending += counts.pending
            total.passed += counts.passed
            total.failed += counts.failed
        return total


def _waiting(path: str, account: Account, registry: Registry, today: dt.date) -> list[Waiting]:
    found: list[Waiting] = []
    newest = account.filings[-1]
    if account.status != "closed" and (newest.approved_by is None or newest.approved_on is None):
        found.append(
            Waiting("filing", path, account.id, account.name, account.unit, newest.filed_on)
        )
    for review in account.annual_reviews:
        if review.result is None:
            found.append(
                Waiting(
                    "review",
                    path,
                    account.id,
                    account.name,
                    account.unit,
                    review.submitted_on,
                    detail=f"{review.year} 年度",
                )
            )
    deadline = rectification(account, registry.policy)
    if deadline is not None:
        found.append(
            Waiting(
                "closure" if today > deadline.due_on else "rectification",
                path,
                account.id,
                account.name,
                account.unit,
                deadline.opens_on,
                deadline.due_on,
                deadline.note or "",
            )
        )
    return found


def _count(season: Season, account: Account, year: int, today: dt.date, registry: Registry) -> None:
    owes = any(d.year == year for d in annual_reviews_owed(account, registry.policy, today))
    entries = [review for review in account.annual_reviews if review.year == year]
    if not owes and not entries:
        return  # not expected to report for this year (not open then, or the window is ahead)
    season.owed += 1
    if not entries:
        return
    season.submitted += 1
    decided = [review for review in entries if review.result is not None]
    if not decided:
        season.pending += 1
    elif decided[-1].result == "pass":
        season.passed += 1
    else:
        season.failed += 1


def desk(registry: Registry, today: dt.date, year: int) -> Desk:
    """The approver's queue on ``today`` and the counts of ``year``'s review season."""
    out = open_desk(registry)
    for path in account_paths(registry):
        record = load_account(registry.root, path, registry.limits, registry.account_model).account
        add_to_desk(out, path, record.account if record else None, registry, today, year)
    return close_desk(out)


def open_desk(registry: Registry) -> Desk:
    return Desk(season={unit.id: Season() for unit in registry.units})


def add_to_desk(
    out: Desk, path: str, account: Account | None, registry: Registry, today: dt.date, year: int
) -> None:
    """One record (``None``: unreadable) into the queue and the season's counts."""
    if account is None:
        out.skipped.append(path)
        return
    out.waiting += _waiting(path, account, registry, today)
    _count(out.season.setdefault(account.unit, Season()), account, year, today, registry)


def close_desk(out: Desk) -> Desk:
    out.waiting.sort(key=lambda item: (item.kind, item.since, item.account))
    out.season = {unit: counts for unit, counts in out.season.items() if counts.owed}
    return out
