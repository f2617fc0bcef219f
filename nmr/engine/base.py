"""What a rule is, and what it is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from nmr.engine.history import Status
from nmr.engine.registry import AccountFile, Registry, stem_of
from nmr.schemas.finding import Finding, RuleInfo
from nmr.schemas.models import Account, UnitsFile
from nmr.schemas.source import Document

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


@dataclass(frozen=True, slots=True)
class AccountChange:
    """One account file in a change: the record at the merge base and in the working tree."""

    status: Status
    path: str  # where it is now (for a deletion: where it was)
    old_path: str | None
    old: Account | None  # None when added, or when the old file did not parse
    new: AccountFile | None  # None when deleted, or when the new file has shape errors

    @property
    def id(self) -> str:
        for record in (self.new.account if self.new else None, self.old):
            if record is not None:
                return record.id
        return stem_of(self.path)


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Everything a pull request changes in the registry, relative to its merge base."""

    ref: str
    base: str
    accounts: tuple[AccountChange, ...]
    old_units: UnitsFile | None
    units_changed: bool
    policy_changed: bool
    touched: frozenset[str]
    findings: tuple[Finding, ...] = ()  # files the change holds that cannot be checked
    others: tuple[str, ...] = ()  # changed paths outside accounts/ and policy/
    author: str | None = None  # the pull request's author (forge login), when known


AccountCheck = Callable[[AccountFile, Context], Iterator[Finding]]
DocumentCheck = Callable[[Document, Context], Iterator[Finding]]
RegistryCheck = Callable[[Context], Iterator[Finding]]
ChangeCheck = Callable[[ChangeSet, Context], Iterator[Finding]]
Scope = Literal["account", "document", "registry", "change"]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its identity (``info``), what it looks at (``scope``) and its check.

    ``account`` rules see one shape-valid record, ``document`` rules any parsed account file
    (even one whose shape is wrong), ``registry`` rules the whole registry at once, and
    ``change`` rules what a pull request changes (``nmr check --base``).
    """

    info: RuleInfo
    scope: Scope
    check: Callable[..., Iterator[Finding]]
    doc: str
    also: tuple[RuleInfo, ...] = ()  # the same rule citing other requirements for some findings

    @property
    def id(self) -> str:
        return self.info.id


def account_rule(info: RuleInfo, check: AccountCheck, doc: str | None, *also: RuleInfo) -> Rule:
    return Rule(info, "account", check, doc or "", also)


def document_rule(info: RuleInfo, check: DocumentCheck, doc: str | None, *also: RuleInfo) -> Rule:
    return Rule(info, "document", check, doc or "", also)


def registry_rule(info: RuleInfo, check: RegistryCheck, doc: str | None, *also: RuleInfo) -> Rule:
    return Rule(info, "registry", check, doc or "", also)


def change_rule(info: RuleInfo, check: ChangeCheck, doc: str | None, *also: RuleInfo) -> Rule:
    return Rule(info, "change", check, doc or "", also)


def is_placeholder(name: str) -> bool:
    return name.strip() in PLACEHOLDER_NAMES
