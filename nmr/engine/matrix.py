"""Which rule enforces which article: the data behind ``nmr rules`` and the site's rules page."""

from __future__ import annotations

from dataclasses import dataclass

from nmr.checks import RULES
from nmr.engine.articles import NOT_CHECKABLE, TITLES
from nmr.schemas import syntax
from nmr.schemas.finding import RuleInfo
from nmr.schemas.models import Account, UnitsFile
from nmr.schemas.shape import SCHEMA, describe
from nmr.schemas.text import Msg


@dataclass(frozen=True, slots=True)
class ArticleRow:
    article: int
    title: Msg
    rules: tuple[RuleInfo, ...]
    shape_fields: tuple[str, ...]  # record fields the schema requires for this article
    not_checkable: Msg | None


def all_rules() -> tuple[RuleInfo, ...]:
    """Every rule id a finding can carry: loader, shape and the rules of checks/."""
    return (*syntax.ALL, SCHEMA, *(rule.info for rule in RULES))


def _shape_fields(article: int) -> tuple[str, ...]:
    fields = []
    for model in (Account, UnitsFile):
        for path, meta in describe(model).items():
            if meta.article == article and len(path) == 1:
                fields.append(path[0])
    return tuple(dict.fromkeys(fields))


def matrix() -> list[ArticleRow]:
    rows = []
    for article, title in TITLES.items():
        rules = tuple(info for info in all_rules() if info.article == article)
        rows.append(
            ArticleRow(article, title, rules, _shape_fields(article), NOT_CHECKABLE.get(article))
        )
    return rows


def general_rules() -> tuple[RuleInfo, ...]:
    """Rules that guard the files and their format rather than one article."""
    return tuple(info for info in all_rules() if info.article is None)
