"""People in a record: who has contact details, valid numbers, masking, and manager changes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import phonenumbers

from nmr.engine.registry import AccountFile
from nmr.schemas.models import Account, Person
from nmr.schemas.source import KeyPath

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


def mask(value: str) -> str:
    """138****5555: enough to find it, not enough to publish it again."""
    if len(value) <= 6:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def _people(names: list[str]) -> str:
    return "、".join(names) or "（无）"


def manager_changes(old: Account, new: Account) -> list[tuple[str, str, str]]:
    """(field, before, after) for the leader, the admins and the unit, when they changed."""
    found = []
    if old.leader.name != new.leader.name:
        found.append(
            (
                "leader",
                f"{old.leader.name}（{old.leader.title}）",
                f"{new.leader.name}（{new.leader.title}）",
            )
        )
    old_admins = [admin.name for admin in old.admins]
    new_admins = [admin.name for admin in new.admins]
    if sorted(old_admins) != sorted(new_admins):
        found.append(("admins", _people(old_admins), _people(new_admins)))
    if old.unit != new.unit:
        found.append(("unit", old.unit, new.unit))
    return found


PHONE_CHARACTERS = re.compile(r"\+?[0-9][0-9 ()-]*")


def is_valid_phone(value: str) -> bool:
    # phonenumbers reads letters as keypad digits (vanity numbers): refuse them first.
    if not PHONE_CHARACTERS.fullmatch(value):
        return False
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


QQ_NUMBER = re.compile(r"[1-9][0-9]{4,10}")
