"""Time rules at their boundaries (第六条), in the policy's timezone whatever the machine's."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nmr.engine.deadlines import annual_reviews_owed, review_window
from nmr.engine.registry import load_policy
from nmr.engine.run import today_in
from nmr.schemas.models import Policy
from tests.conftest import REPO, check_json, findings_at

LAW = "accounts/law/law-wechat.yaml"
POLICY, _ = load_policy(REPO)
assert POLICY is not None


def review_findings(registry: Path, today: str) -> list[dict[str, object]]:
    report = check_json(registry, "--today", today)
    return [f for f in findings_at(report, LAW) if f["rule"] == "annual-review-due"]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2026-11-30", None),  # the day before the window
        ("2026-12-01", ("warning", "还有 30 天")),  # first day of the review month
        ("2026-12-31", ("warning", "今天截止")),  # last day: still on time
        ("2027-01-01", ("error", "已逾期 1 天")),  # the day after the due date
    ],
)
def test_window_boundaries(registry: Path, today: str, expected: tuple[str, str] | None) -> None:
    found = review_findings(registry, today)
    if expected is None:
        assert found == []
        return
    (finding,) = found
    assert (finding["severity"], finding["article"]) == (expected[0], 6)
    assert expected[1] in str(finding["message"]) and "2026 年度检查报告未报送" in str(
        finding["message"]
    )
    lines = (registry / LAW).read_text(encoding="utf-8").splitlines()
    assert lines[int(finding["line"]) - 1].startswith("annual_reviews:")  # type: ignore[call-overload]


@pytest.fixture
def utc_machine() -> Iterator[None]:
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if saved is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = saved
    time.tzset()


def test_utc_runner_at_beijing_midnight(utc_machine: None, registry: Path) -> None:
    now = dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)
    assert time.strftime("%Z") == "UTC"
    assert now.astimezone().date() == dt.date(2026, 12, 31)  # what a naive runner would believe
    today = today_in(POLICY, now)
    assert today == dt.date(2027, 1, 1)  # 00:30 in Beijing
    (finding,) = review_findings(registry, today.isoformat())
    assert finding["severity"] == "error" and "已逾期 1 天" in str(finding["message"])


def test_default_today_follows_the_policy_zone(utc_machine: None) -> None:
    expected = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    assert today_in(POLICY) == expected


def _account(opened: str, status: str = "active", closed: str | None = None) -> object:
    from nmr.schemas.models import Account
    from nmr.schemas.source import parse

    text = (
        (REPO / LAW)
        .read_text(encoding="utf-8")
        .replace("opened_on: 2015-09-01", f"opened_on: {opened}")
    )
    text = text.split("annual_reviews:")[0] + "annual_reviews: []\n"
    if status == "closed":
        text += f"status: closed\nclosure: {{closed_on: {closed}, reason: unit-request}}\n"
    else:
        text += "status: active\n"
    document = parse(LAW, text).document
    assert document is not None
    return Account.model_validate(document.data)


def test_account_opened_inside_the_review_month_owes_nothing_that_year() -> None:
    account = _account("2026-12-05")
    assert list(annual_reviews_owed(account, POLICY, dt.date(2027, 1, 10))) == []  # type: ignore[arg-type]
    earlier = _account("2026-11-30")
    (owed,) = annual_reviews_owed(earlier, POLICY, dt.date(2027, 1, 10))  # type: ignore[arg-type]
    assert (owed.year, owed.due_on) == (2026, dt.date(2026, 12, 31))


def test_closed_account_owes_nothing_after_closing() -> None:
    closed = _account("2024-03-01", "closed", "2025-06-30")
    owed = [d.year for d in annual_reviews_owed(closed, POLICY, dt.date(2026, 12, 20))]  # type: ignore[arg-type]
    assert owed == [2024]  # active on 2024-12-01, closed before 2025-12-01


def test_leap_year_due_date() -> None:
    february = POLICY.model_copy(
        update={
            "annual_review": POLICY.annual_review.model_copy(update={"month": 2, "due": "02-29"})
        }
    )
    assert review_window(february, 2028) == (dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert review_window(february, 2027) == (dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    account = _account("2026-06-01")
    (owed,) = annual_reviews_owed(account, february, dt.date(2027, 3, 1))  # type: ignore[arg-type]
    assert owed.days_left(dt.date(2027, 3, 1)) == -1
    later = [
        d for d in annual_reviews_owed(account, february, dt.date(2028, 2, 29)) if d.year == 2028
    ]  # type: ignore[arg-type]
    assert later[0].days_left(dt.date(2028, 2, 29)) == 0


def test_due_date_in_the_next_year() -> None:
    policy: Policy = POLICY.model_copy(
        update={"annual_review": POLICY.annual_review.model_copy(update={"due": "01-15"})}
    )
    assert review_window(policy, 2026) == (dt.date(2026, 12, 1), dt.date(2027, 1, 15))


def test_bundled_registry_in_december_and_january(registry: Path) -> None:
    december = check_json(registry, "--today", "2026-12-10")
    assert december["summary"]["errors"] == 0
    january = check_json(registry, "--today", "2027-01-01")
    overdue = [f for f in january["findings"] if f["rule"] == "annual-review-due"]
    assert overdue and all(f["severity"] == "error" for f in overdue)
    # the two closed accounts owe nothing
    assert not [f for f in overdue if "yixin" in f["path"] or "mobile-paper" in f["path"]]
