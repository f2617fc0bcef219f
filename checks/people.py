"""Helpers shared by the contact rules: who has contact details, and full-width characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from schemas.models import Person
from schemas.registry import AccountFile
from schemas.source import KeyPath

ROLE_LABELS = {"contact": "联系人", "leader": "主管领导", "admins": "后台管理人员"}


def people(record: AccountFile) -> Iterator[tuple[str, KeyPath, Person]]:
    """(Chinese role label, path, person) for the contact, the leader and each admin."""
    account = record.account
    yield ROLE_LABELS["contact"], ("contact",), account.contact
    yield ROLE_LABELS["leader"], ("leader",), account.leader
    for index, admin in enumerate(account.admins):
        yield f"{ROLE_LABELS['admins']}{index + 1}", ("admins", index), admin


def half_width(text: str) -> str | None:
    """The half-width form of ``text`` if it contains full-width digits, letters or signs."""
    if not any("\uff01" <= char <= "\uff5e" or char == "\u3000" for char in text):
        return None
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")
