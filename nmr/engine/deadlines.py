"""Every deadline the Measures set for one account, computed once for rules and ``nmr due``.

- 第六条 annual review: an account active on the first day of the review month of year Y,
  opened before it, owes the review for Y by the policy's due date (``annual_review``).
- 第六条 rectification: an account ``rectifying`` after a failed review has
  ``rectification_days`` to pass a re-review.
- 第三条 verification: an account not yet real-name verified has ``verification_grace_days``
  after opening.

Dates are calendar days in the policy's timezone; "today" comes from the caller.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from nmr.engine.office import guides_of
from nmr.engine.registry import Registry, account_paths, load_account
from nmr.schemas.models import Account, AnnualReview, AnnualReviewWindow, Head, Policy, Unit
from nmr.schemas.source import KeyPath
from nmr.schemas.text import Msg, Template

DAYS_OVERDUE = Template("engine.deadlines.days-overdue", "已逾期 {days} 天", "{days} days overdue")
DAYS_LEFT = Template("engine.deadlines.days-left", "还有 {days} 天", "{days} days left")
DUE_TODAY = Template("engine.deadlines.due-today", "今天截止", "due today")

Kind = Literal["annual-review", "rectification", "verification"]
State = Literal["upcoming", "due", "overdue"]


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: Kind
    article: int | None  # from policy.yaml requirements: where this institution's Measures say it
    opens_on: dt.date  # from this day on the unit is reminded
    due_on: dt.date
    where: KeyPath  # the part of the record the unit must fill in
    year: int | None = None
    note: str | None = None  # what the unit must do (a failed review's 整改要求)

    def days_left(self, today: dt.date) -> int:
        return (self.due_on - today).days

    def state(self, today: dt.date) -> State:
        if today > self.due_on:
            return "overdue"
        return "due" if today >= self.opens_on else "upcoming"


def review_window(policy: Policy, year: int) -> tuple[dt.date, dt.date]:
    """First day of the review month and the due date of year ``year``'s review.

    A due date that does not exist in that year (02-29 in a common year) is the month's last day.
    """
    window = policy.annual_review or CALENDAR_YEAR
    return _window(window.month, window.due, window.opens, year)


@lru_cache(maxsize=1024)
def _window(month: int, due: str, opens_on: str | None, year: int) -> tuple[dt.date, dt.date]:
    """review_window by its plain inputs: every record asks for the same few years."""
    first = (month, 1) if opens_on is None else _month_day(opens_on)
    opens = _on(year, *first)
    due_month, due_day = _month_day(due)
    due_year = year if (due_month, due_day) >= first else year + 1
    return opens, _on(due_year, due_month, due_day)


# Where a policy has no annual review, reports that show a review year use the calendar year.
CALENDAR_YEAR = AnnualReviewWindow(month=12, due="12-31")


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in text.split("-"))
    return month, day


def _on(year: int, month: int, day: int) -> dt.date:
    """The day, or the month's last day when it does not exist that year (02-29)."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def review_year(policy: Policy, today: dt.date) -> int:
    """The year whose review is in season: this year from the review month on, else last year."""
    return today.year if today >= review_window(policy, today.year)[0] else today.year - 1


def _closed_on(account: Account) -> dt.date | None:
    if account.status == "closed" and account.closure is not None:
        return account.closure.closed_on
    return None


def owes_review(account: Account, policy: Policy, year: int) -> bool:
    """Whether ``account`` reports for ``year``: open and live on the review month's first day."""
    opens, _ = review_window(policy, year)
    closed_on = _closed_on(account)
    return not (
        account.status == "proposed"  # not approved, not open: nothing to review yet
        or opens < policy.effective_on  # the Measures were not in force yet
        or account.opened_on >= opens  # the account was not open yet
        or (closed_on is not None and closed_on <= opens)  # closed before the review month
    )


def annual_reviews_owed(account: Account, policy: Policy, today: dt.date) -> Iterator[Deadline]:
    if policy.annual_review is None:
        return  # this institution holds no annual review
    reviewed = {review.year for review in account.annual_reviews}
    cited = policy.requirement("annual-review").article
    for year in range(policy.effective_on.year, today.year + 1):
        opens, due = review_window(policy, year)
        if opens > today:
            break
        if owes_review(account, policy, year) and year not in reviewed:
            yield Deadline("annual-review", cited, opens, due, ("annual_reviews",), year)


def latest_result(account: Account) -> AnnualReview | None:
    """The newest decided review: reviews are append-only, so a re-review (复查) recorded
    after a failure comes later in the list, whatever its year."""
    decided = [review for review in account.annual_reviews if review.result is not None]
    return decided[-1] if decided else None


def rectification(account: Account, policy: Policy) -> Deadline | None:
    """A failed account's deadline: ``rectification_days`` from the failure, unless a passing
    re-review recorded after it restored good standing."""
    latest = latest_result(account)
    if account.status != "rectifying" or latest is None or latest.result != "fail":
        return None
    if policy.rectification_days is None:
        return None  # the policy sets no period: rectifying until a re-review  # in good standing, or rectifying by order with no failed review to count from
    start = latest.reviewed_on or latest.submitted_on
    return Deadline(
        "rectification",
        policy.requirement("annual-review").article,
        start,
        start + dt.timedelta(days=policy.rectification_days),
        ("status",),
        latest.year,
        latest.note,
    )


def verification(account: Account, policy: Policy) -> Deadline | None:
    platform = policy.platforms.get(account.platform)
    if (
        account.status in ("closed", "proposed")
        or account.verification.verified
        or (platform is not None and not platform.verifiable)
    ):
        return None
    due = account.opened_on + dt.timedelta(days=policy.verification_grace_days or 0)
    cited = policy.requirement("official-media").article
    return Deadline("verification", cited, account.opened_on, due, ("verification", "verified"))


def deadlines(account: Account, policy: Policy, today: dt.date) -> list[Deadline]:
    """Every open deadline of ``account`` on ``today`` (met ones are not listed)."""
    found = list(annual_reviews_owed(account, policy, today))
    found += [
        d for d in (rectification(account, policy), verification(account, policy)) if d is not None
    ]
    return found


@dataclass(frozen=True, slots=True)
class DueItem:
    """An open deadline of one account, as a unit must act on it."""

    path: str
    account: str
    name: str
    deadline: Deadline
    state: State
    days_left: int


@dataclass(slots=True)
class UnitDue:
    unit: Unit
    items: list[DueItem]
    heads: list[Head] = field(default_factory=list)  # the first responsible persons today
    guides: list[Unit] = field(default_factory=list)  # 学生处/团委 for a student organisation

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.state == "overdue")


def due_by_unit(registry: Registry, today: dt.date) -> tuple[list[UnitDue], list[str]]:
    """Per unit (in units.yaml order), what is due or overdue on ``today``; and the files
    that could not be read (their deadlines are unknown, so callers must say so).

    Streams the account files: a 10,000-account registry never sits in memory at once.
    """
    by_unit: dict[str, list[DueItem]] = {}
    skipped: list[str] = []
    for path in account_paths(registry):
        record = load_account(registry.root, path, registry.limits, registry.account_model).account
        if record is None:
            skipped.append(path)
            continue
        account = record.account
        for deadline in deadlines(account, registry.policy, today):
            state = deadline.state(today)
            if state == "upcoming":
                continue
            item = DueItem(
                path, account.id, account.name, deadline, state, deadline.days_left(today)
            )
            by_unit.setdefault(account.unit, []).append(item)
    units = [
        UnitDue(
            unit,
            sorted(by_unit[unit.id], key=lambda item: (item.deadline.due_on, item.account)),
            [head for head in unit.heads if head.in_office(today)],
            guides_of(registry, unit),
        )
        for unit in registry.units
        if unit.id in by_unit
    ]
    return units, skipped


def countdown(days: int) -> Msg:
    if days > 0:
        return DAYS_LEFT(days=days)
    if days == 0:
        return DUE_TODAY()
    return DAYS_OVERDUE(days=-days)
