"""Which rule enforces which article: the data behind ``nmr rules`` and the site's rules page.

Rules name requirements; policy.yaml ``requirements`` maps each to an article of this
institution's Measures (``articles``), so the matrix is built from the policy, not from code.
"""

from __future__ import annotations

from dataclasses import dataclass

from nmr.checks import RULES
from nmr.engine import custom
from nmr.schemas import syntax
from nmr.schemas.finding import RuleInfo
from nmr.schemas.models import Account, Article, Policy, UnitsFile
from nmr.schemas.shape import SCHEMA, describe
from nmr.schemas.text import Msg


@dataclass(frozen=True, slots=True)
class ArticleRow:
    article: int
    title: Msg
    rules: tuple[RuleInfo, ...]
    shape_fields: tuple[str, ...]  # record fields the schema requires for this article
    not_checkable: Msg | None
    text: str | None


def all_rules(policy: Policy | None = None) -> tuple[RuleInfo, ...]:
    """Every rule id a finding can carry: loader, shape, checks/ and the policy's custom rules."""
    return (*syntax.ALL, SCHEMA, *(rule.info for rule in RULES), *custom.infos(policy))


SHAPE_IDS = frozenset(info.id for info in (*syntax.ALL, SCHEMA))


def cites(policy: Policy, requirement: str | None) -> int | None:
    """The article a requirement cites under this policy (None: none, or switched off)."""
    setting = policy.requirement(requirement)
    return setting.article if setting.enabled else None


def enabled(policy: Policy, info: RuleInfo) -> bool:
    return policy.requirement(info.requirement).enabled


def _shape_fields(policy: Policy, article: int) -> tuple[str, ...]:
    fields = []
    for model in (Account, UnitsFile):
        for path, meta in describe(model).items():
            if len(path) == 1 and cites(policy, meta.requirement) == article:
                fields.append(path[0])
    return tuple(dict.fromkeys(fields))


def _title(article: Article) -> Msg:
    return Msg.verbatim(article.title, article.title_en or article.title)


def _not_checkable(article: Article) -> Msg | None:
    if article.not_checkable is None:
        return None
    return Msg.verbatim(article.not_checkable, article.not_checkable_en or article.not_checkable)


def matrix(policy: Policy) -> list[ArticleRow]:
    rows = []
    for article in policy.articles:
        rules = tuple(
            info for info in all_rules(policy) if cites(policy, info.requirement) == article.number
        )
        rows.append(
            ArticleRow(
                article.number,
                _title(article),
                rules,
                _shape_fields(policy, article.number),
                _not_checkable(article),
                article.text,
            )
        )
    return rows


def general_rules(policy: Policy) -> tuple[RuleInfo, ...]:
    """Rules that guard the files and their format rather than one article (and are on)."""
    return tuple(
        info
        for info in all_rules(policy)
        if enabled(policy, info) and cites(policy, info.requirement) is None
    )


def requirements_in_use() -> frozenset[str]:
    """The requirements the rules and the record fields name."""
    named = {info.requirement for info in all_rules()}
    named |= {info.requirement for rule in RULES for info in rule.also}
    for model in (Account, UnitsFile, Policy):
        named |= {meta.requirement for meta in describe(model).values()}
    return frozenset(key for key in named if key is not None)
