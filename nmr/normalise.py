"""One reading of what people type and what spreadsheets hold, shared by ``nmr new`` and
``nmr import``: unit names and their abbreviations, platform and audience words, dates as
offices write them, phones, and the id a new record is proposed.

Nothing is guessed: a month without a day is a question back to the user, never day 1.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils.datetime import from_excel

from nmr.engine.registry import Registry
from nmr.schemas import labels
from nmr.schemas.models import ID_PATTERN
from nmr.schemas.text import Msg, Refusal, Template

PLATFORM_ALIASES = {
    "新浪微博": "weibo",
    "微博": "weibo",
    "微信": "wechat",
    "公众号": "wechat",
    "微信公众号": "wechat",
    "微信服务号": "wechat",
    "微信订阅号": "wechat",
    "qq群": "qq-group",
    "qq工作群": "qq-group",
    "qq": "qq-group",
    "app": "app",
    "客户端": "app",
    "app客户端": "app",
    "手机客户端": "app",
    "视频": "video",
    "网络视频": "video",
    "视频号": "wechat-channels",
    "微信视频号": "wechat-channels",
    "b站": "bilibili",
    "哔哩哔哩": "bilibili",
    "抖音号": "douyin",
}
STATUS_ALIASES = {
    "正常": "active",
    "在用": "active",
    "运行": "active",
    "运营中": "active",
    "整改": "rectifying",
    "注销": "closed",
    "关闭": "closed",
    "已关闭": "closed",
}
AUDIENCE_ALIASES = {"公开": "public", "社会公众": "public", "校内": "campus", "内部": "internal"}

# 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日 — and the same without a day.
DAY = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$")
MONTH = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*月?$")

NOT_A_DATE = Template(
    "normalise.not-a-date",
    "“{value}”不是日期：请写成 2024-03-05、2024/3/5 或 2024年3月5日",
    "'{value}' is not a date: write 2024-03-05 or 2024/3/5",
)
MONTH_ONLY = Template(
    "normalise.month-only",
    "“{value}”只写到月，是 {year} 年 {month} 月的哪一天？请写出具体日期，例如 {example}",
    "'{value}' gives the month only: which day of {year}-{month:02}? Write the full date, "
    "e.g. {example}",
)
NO_SUCH_DAY = Template(
    "normalise.no-such-day",
    "“{value}”不存在：月份应为 1—12，日应在该月的天数以内",
    "'{value}' does not exist: the month is 1-12 and the day within that month",
)
DATE_NUMBER_OUT_OF_RANGE = Template(
    "normalise.date-number-out-of-range",
    "日期序号 {value} 超出范围：请在表格里把这一格设为日期格式",
    "date serial {value} is out of range: format the cell as a date",
)


def _key(text: Any) -> str:
    """Compare names and labels without spaces, case or full-width brackets."""
    return re.sub(r"\s+", "", str(text or "")).replace("（", "(").replace("）", ")").lower()


def read_date(value: Any) -> dt.date | None:
    """A date as an office writes it, or a Refusal that says in Chinese what to write."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            converted = from_excel(value)  # a spreadsheet serial number
        except (OverflowError, ValueError):
            raise Refusal(DATE_NUMBER_OUT_OF_RANGE(value=value)) from None
        if isinstance(converted, dt.datetime):
            return converted.date()
        raise Refusal(NOT_A_DATE(value=value))
    text = str(value).strip()
    if match := DAY.match(text):
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise Refusal(NO_SUCH_DAY(value=text)) from None
    if match := MONTH.match(text):
        year, month = (int(part) for part in match.groups())
        if 1 <= month <= 12:
            example = f"{year}-{month:02}-01"
            raise Refusal(MONTH_ONLY(value=text, year=year, month=month, example=example))
        raise Refusal(NO_SUCH_DAY(value=text))
    raise Refusal(NOT_A_DATE(value=text))


def refusal_text(error: Exception) -> Msg:
    """The message of a Refusal, or a library's own words."""
    return error.message if isinstance(error, Refusal) else Msg.verbatim(str(error), str(error))


def clean_phone(value: str) -> str:
    """138 0013 8000 → 13800138000: spaces go; a landline keeps its hyphen (010-88561234)."""
    return re.sub(r"\s+", "", value)


def propose_id(unit: str, platform: str, taken: set[str]) -> str:
    """law-wechat, then law-wechat-2, -3 …: short, readable, and the same from new and import."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{unit}-{platform}".lower()).strip("-")[:58]
    slug = slug if re.fullmatch(ID_PATTERN, slug) else "account"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


@dataclass
class Words:
    """The registry's vocabulary: every way a unit, platform, audience or status is written."""

    units: dict[str, str] = field(default_factory=dict)
    platforms: dict[str, str] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, registry: Registry) -> Words:
        policy = registry.policy
        names: list[tuple[str, str]] = []
        for unit in registry.units:
            short = unit.name.removeprefix(policy.institution)
            names += [(alias, unit.id) for alias in (unit.id, unit.name, short, *unit.aliases)]
        platforms = {k: k for k in policy.platforms} | {
            label: key for key, label in policy.platform_labels.items()
        }
        platforms |= {a: k for a, k in PLATFORM_ALIASES.items() if k in policy.platforms}
        return cls(
            units=_unambiguous(names),
            platforms={_key(a): k for a, k in platforms.items()},
            audiences=_keyed(labels.AUDIENCE, AUDIENCE_ALIASES),
            statuses=_keyed(labels.STATUS, STATUS_ALIASES),
        )

    def unit(self, value: Any, institution: str = "") -> str | None:
        if not value:
            return None
        text = str(value)
        return self.units.get(_key(text)) or self.units.get(_key(text.removeprefix(institution)))

    def platform(self, value: Any) -> str | None:
        return self.platforms.get(_key(value)) if value else None

    def audience(self, value: Any) -> str | None:
        return self.audiences.get(_key(value)) if value else None

    def status(self, value: Any) -> str | None:
        return self.statuses.get(_key(value)) if value else None


def _keyed(table: dict[str, str], aliases: dict[str, str]) -> dict[str, str]:
    """Values, their labels (正常运行) and aliases, all by _key."""
    found = {_key(value): value for value in table}
    found |= {_key(label): value for value, label in table.items()}
    return found | {_key(alias): value for alias, value in aliases.items()}


def _unambiguous(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each written name → its unit; a name two units share means neither (never a guess)."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    for name, unit in names:
        key = _key(name)
        if key in found and found[key] != unit:
            shared.add(key)
        found.setdefault(key, unit)
    return {key: unit for key, unit in found.items() if key not in shared}
