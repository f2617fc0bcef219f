"""Counting days as policy says: calendar days, or China's official working days (工作日).

Working days follow the State Council's holiday and make-up-day arrangements as the maintained
``chinesecalendar`` package knows them. It knows only the years published so far: a count
that reaches beyond them raises ``BeyondCalendar``, and the rule says so instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import chinese_calendar

from nmr.schemas.text import Msg, Template

Count = Literal["calendar", "workdays"]


NO_WORKING_DAYS_FOR = Template(
    "engine.days.no-working-days-for",
    "无法按工作日判断时限：chinesecalendar 还没有 {year} 年的节假日安排",
    "cannot count working days: chinesecalendar has no holiday data for {year} yet",
)
UPDATE_CHINESECALENDAR = Template(
    "engine.days.update-chinesecalendar",
    "国务院公布 {year} 年节假日安排后升级 chinesecalendar（更新 pyproject.toml 中的版本）；"
    "在此之前请人工核对备案日期。",
    "Update chinesecalendar once the holidays are published; until then check the dates by hand.",
)


class BeyondCalendar(Exception):
    def __init__(self, day: dt.date) -> None:
        super().__init__(f"no working-day data for {day.year}")
        self.day = day


def is_workday(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise BeyondCalendar(day) from None


def shift(day: dt.date, days: int, count: Count) -> dt.date:
    """The day ``days`` (calendar or working) days after ``day``; before it when negative.

    With working days, the result is itself a working day: "within 3 working days" of a
    Friday ends on the Wednesday after, and "3 working days before" a Monday is the Wednesday.
    """
    if count == "calendar" or days == 0:
        return day + dt.timedelta(days=days)
    step = dt.timedelta(days=1 if days > 0 else -1)
    left = abs(days)
    while left:
        day += step
        if is_workday(day):
            left -= 1
    return day


CALENDAR_DAYS = Template("engine.days.calendar-days", "{days} 天", "{days} days")
WORKING_DAYS = Template("engine.days.working-days", "{days} 个工作日", "{days} working days")


def period(days: int, count: Count) -> Msg:
    """ "7 天" or "7 个工作日", as a message argument."""
    return (WORKING_DAYS if count == "workdays" else CALENDAR_DAYS)(days=days)
