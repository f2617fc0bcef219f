"""What a rule is, and what it is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from schemas.finding import Finding, RuleInfo
from schemas.registry import AccountFile, Registry
from schemas.source import Document

PLACEHOLDER_NAMES = frozenset(
    {
        "待定",
        "暂无",
        "无",
        "未定",
        "待补充",
        "某某",
        "xxx",
        "XXX",
        "tbd",
        "TBD",
        "todo",
        "TODO",
        "-",
        "/",
        "n/a",
        "N/A",
        "?",
        "？",
    }
)


@dataclass(frozen=True, slots=True)
class Context:
    registry: Registry
    today: dt.date


AccountCheck = Callable[[AccountFile, Context], Iterator[Finding]]
DocumentCheck = Callable[[Document, Context], Iterator[Finding]]
RegistryCheck = Callable[[Context], Iterator[Finding]]
Scope = Literal["account", "document", "registry"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its identity (``info``), what it looks at (``scope``) and its check.

    ``account`` rules see one shape-valid record, ``document`` rules any parsed account file
    (even one whose shape is wrong), ``registry`` rules the whole registry at once.
    """

    info: RuleInfo
    scope: Scope
    check: Callable[..., Iterator[Finding]]
    doc: str

    @property
    def id(self) -> str:
        return self.info.id


def account_rule(info: RuleInfo, check: AccountCheck, doc: str | None) -> Rule:
    return Rule(info, "account", check, doc or "")


def document_rule(info: RuleInfo, check: DocumentCheck, doc: str | None) -> Rule:
    return Rule(info, "document", check, doc or "")


def registry_rule(info: RuleInfo, check: RegistryCheck, doc: str | None) -> Rule:
    return Rule(info, "registry", check, doc or "")


def is_placeholder(name: str) -> bool:
    return name.strip() in PLACEHOLDER_NAMES
