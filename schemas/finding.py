"""The one finding type every check produces and every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from nmr.schemas.text import Lang, Msg, article_label


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    def label(self, lang: Lang) -> str:
        if lang == "en":
            return self.value
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place: which rule, which article, where, what, and how to fix it.

    ``line`` and ``column`` count from 1. ``field`` is a dotted path into the record
    (``admins[0].phone``) or ``None`` when the whole file is at fault. ``requirement`` is the
    policy key the finding enforces; the engine sets ``article`` (and may change ``severity``)
    from policy.yaml ``requirements`` before any reporter sees it.
    """

    rule: str
    article: int | None
    severity: Severity
    path: str
    line: int
    column: int
    field: str | None
    message: Msg
    hint: Msg
    requirement: str | None = None

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)

    def article_text(self, lang: Lang) -> str:
        return article_label(self.article, lang)

    def as_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "article": self.article,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message.get(lang),
            "hint": self.hint.get(lang),
        }


def field_path(path: tuple[str | int, ...]) -> str | None:
    """('admins', 0, 'phone') → 'admins[0].phone'; () → None."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or None


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule is: stable id, the requirement it checks, default severity, a one-line title.

    The requirement is a key of policy.yaml ``requirements`` (``filing``, ``annual-review``…),
    which says which article states it, or ``None`` for rules about the files themselves.
    """

    id: str
    requirement: str | None
    severity: Severity
    title: Msg

    def finding(
        self,
        path: str,
        line: int,
        column: int,
        field: str | None,
        message: Msg,
        hint: Msg,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            rule=self.id,
            article=None,
            severity=severity or self.severity,
            path=path,
            line=line,
            column=column,
            field=field,
            message=message,
            hint=hint,
            requirement=self.requirement,
        )
