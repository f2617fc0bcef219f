"""Read what a record holds, as text for a printed form, even from a record that fails nmr check.

A unit must be able to print what it has: every value comes from the parsed YAML (not the
validated model), and anything missing or of the wrong type prints as an empty cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from nmr.schemas.labels import AUDIENCE
from nmr.schemas.models import Policy, Unit


def text(value: Any) -> str:
    """A printable value: never 'None', 'True' or a Python repr."""
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class PersonView:
    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    qq: str = ""


@dataclass(frozen=True)
class RecordView:
    data: dict[str, Any]
    policy: Policy
    unit: Unit | None
    guides: tuple[str, ...] = ()  # names of a student organisation's guide units (第七条)
    approver: str = ""  # the approver unit's name (units.yaml), printed where the form names it
    parent: str | None = None  # the parent unit's name, which agrees first (二级单位)
    before: dict[str, Any] | None = None  # the record at the base, for a change filing's form

    def get(self, *path: str) -> str:
        value: Any = self.data
        for key in path:
            if not isinstance(value, dict):
                return ""
            value = value.get(key)
        return text(value)

    def items(self, key: str) -> list[dict[str, Any]]:
        value = self.data.get(key)
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    def person(self, key: str) -> PersonView:
        value = self.data.get(key)
        return _person(value if isinstance(value, dict) else {})

    def people(self, key: str) -> list[PersonView]:
        return [_person(item) for item in self.items(key)]

    @property
    def id(self) -> str:
        return self.get("id")

    @property
    def platform_label(self) -> str:
        key = self.get("platform")
        return self.policy.platform_label(key)

    @property
    def unit_name(self) -> str:
        return self.unit.name if self.unit is not None else self.get("unit")

    @property
    def audience_label(self) -> str:
        key = self.get("purpose", "audience")
        return AUDIENCE.get(key, key)


def _person(data: dict[str, Any]) -> PersonView:
    return PersonView(*(text(data.get(key)) for key in ("name", "title", "phone", "email", "qq")))
