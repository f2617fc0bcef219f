"""Bilingual user-facing text and Chinese article numbering."""

from __future__ import annotations

from typing import Literal, NamedTuple

Lang = Literal["zh", "en"]

_DIGITS = "零一二三四五六七八九"


class Msg(NamedTuple):
    """A user-facing sentence in Chinese (primary) and English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.zh


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 21 → 二十一 (enough for article numbers)."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def article_label(article: int | None, lang: Lang = "zh") -> str:
    """第五条 / Art. 5 / empty for findings that cite no article."""
    if article is None:
        return ""
    return f"Art. {article}" if lang == "en" else f"第{chinese_number(article)}条"
