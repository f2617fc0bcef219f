"""Filing timing as policy: approved before opening, N (working) days before, or within N after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nmr.engine.days import BeyondCalendar, shift
from tests.casefile import parse
from tests.conftest import check_json, copy_registry, findings_at

RULE = "filing-before-opening"


def test_calendar_and_working_days() -> None:
    day = dt.date(2026, 9, 30)  # the eve of the 2026 National Day holiday
    assert shift(day, 7, "calendar") == dt.date(2026, 10, 7)
    # Oct 1–7 are holidays; Oct 10 (a Saturday) is a make-up working day.
    assert shift(day, 3, "workdays") == dt.date(2026, 10, 10)
    assert shift(dt.date(2026, 10, 12), -3, "workdays") == dt.date(2026, 10, 8)
    assert shift(day, 0, "workdays") == day
    with pytest.raises(BeyondCalendar) as beyond:
        shift(dt.date(2026, 12, 28), 7, "workdays")
    assert beyond.value.day.year == 2027


def _check(tmp_path: Path, timing: str, opened: str, filed: str) -> list[dict[str, object]]:
    root = copy_registry(tmp_path / "registry")
    policy = root / "policy" / "policy.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8") + f"filing_timing: {timing}\n", encoding="utf-8"
    )
    patch = (
        "# base: law-weibo\n"
        f"-opened_on: 2019-03-01\n+opened_on: {opened}\n\n"
        f"-  - filed_on: 2019-02-20\n+  - filed_on: {filed}\n\n"
        f"-    approved_on: 2019-02-25\n+    approved_on: {filed}\n"
    )
    case = parse("timed", patch.encode("utf-8"), "timing")
    (root / case.target).write_bytes(case.build())
    found = findings_at(check_json(root, "--today", "2026-11-28"), case.target)
    return [finding for finding in found if finding["rule"] == RULE]


WITHIN_7_WORKDAYS = "{when: filed-after-opening, days: 7, count: workdays}"


def test_filed_within_seven_working_days_after_opening(tmp_path: Path) -> None:
    # 7 working days after 2026-09-30 end on 2026-10-15 (holidays, then Oct 10 counts).
    assert _check(tmp_path / "a", WITHIN_7_WORKDAYS, "2026-09-30", "2026-10-15") == []
    (late,) = _check(tmp_path / "b", WITHIN_7_WORKDAYS, "2026-09-30", "2026-10-16")
    assert (
        late["severity"] == "error"
        and late["article"] == 5
        and late["field"] == "filings[0].filed_on"
    )
    assert "开通后 7 个工作日内（2026-10-15 前）" in late["message"]


def test_filed_a_month_before_opening(tmp_path: Path) -> None:
    month_before = "{when: filed-before-opening, days: 30}"
    assert _check(tmp_path / "a", month_before, "2026-06-30", "2026-05-31") == []
    (late,) = _check(tmp_path / "b", month_before, "2026-06-30", "2026-06-10")
    assert "开通前至少 30 天（2026-05-31 前）" in late["message"]


def test_approved_before_opening_stays_this_universitys_default(tmp_path: Path) -> None:
    (late,) = _check(tmp_path, "{when: approved-before-opening}", "2026-06-30", "2026-07-02")
    assert "须先备案后开通" in late["message"]


def test_a_count_beyond_the_known_holidays_is_said_not_guessed(tmp_path: Path) -> None:
    (unknown,) = _check(tmp_path, WITHIN_7_WORKDAYS, "2026-12-28", "2027-01-04")
    assert unknown["severity"] == "warning"
    assert "chinesecalendar 还没有 2027 年的节假日安排" in unknown["message"]
    assert "2027 年节假日安排后升级 chinesecalendar" in unknown["hint"]
