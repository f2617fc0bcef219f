"""People in a record: who has contact details, valid numbers, masking, and manager changes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

import phonenumbers

from nmr.engine.registry import AccountFile
from nmr.schemas.models import Account, Person, Reviewer
from nmr.schemas.source import KeyPath
from nmr.schemas.text import Msg, Template

CONTACT = Template("engine.people.contact", "联系人", "contact")
LEADER = Template("engine.people.leader", "主管领导", "leader")
ADMIN = Template("engine.people.admin", "后台管理人员{number}", "administrator {number}")


def people(record: AccountFile) -> Iterator[tuple[Msg, KeyPath, Person]]:
    """(role label in both languages, path, person) for the contact, the leader and each admin."""
    account = record.account
    yield CONTACT(), ("contact",), account.contact
    yield LEADER(), ("leader",), account.leader
    for index, admin in enumerate(account.admins):
        yield ADMIN(number=index + 1), ("admins", index), admin


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


def _who(person: Person | Reviewer) -> str:
    return f"{person.name}（{person.title}）"


def _everyone(people: Sequence[Person | Reviewer]) -> str:
    return _people([person.name for person in people])


# field → (what is compared, what is shown): people by name, so a new phone is no change.
WATCHED: dict[str, tuple[Callable[[Account], object], Callable[[Account], str]]] = {
    "leader": (lambda a: a.leader.name, lambda a: _who(a.leader)),
    "admins": (lambda a: sorted(p.name for p in a.admins), lambda a: _everyone(a.admins)),
    "reviewers": (
        lambda a: sorted(p.name for p in a.reviewers),
        lambda a: _everyone(a.reviewers),
    ),
    "contact": (lambda a: a.contact.name, lambda a: _who(a.contact)),
    "unit": (lambda a: a.unit, lambda a: a.unit),
    "name": (lambda a: a.name, lambda a: a.name),
    "handle": (lambda a: a.handle, lambda a: a.handle),
}
DEFAULT_WATCHED = ("leader", "admins", "unit")
# The filing reason each change calls for; people changes are manager-change.
REASON_FOR = {"unit": "unit-change", "name": "info-change", "handle": "info-change"}


def manager_changes(
    old: Account, new: Account, fields: Iterable[str] = DEFAULT_WATCHED
) -> list[tuple[str, str, str]]:
    """(field, before, after) for each of ``fields`` (policy.yaml refiling_fields) that changed."""
    found = []
    for field in fields:
        key, shown = WATCHED[field]
        if key(old) != key(new):
            found.append((field, shown(old), shown(new)))
    return found


PHONE_CHARACTERS = re.compile(r"\+?[0-9][0-9 ()-]*")


@lru_cache(maxsize=1 << 14)
def is_valid_phone(value: str) -> bool:
    # Cached: one office's numbers recur in every account it runs (and in several rules).
    # phonenumbers reads letters as keypad digits (vanity numbers): refuse them first.
    if not PHONE_CHARACTERS.fullmatch(value):
        return False
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


# A local part of plain letters, digits and _+- in dot-separated runs: every such character is
# valid before the @, so email-validator's verdict on the address depends only on the domain
# and the lengths (tested against email-validator itself).
PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*")


def email_error(value: str) -> str | None:
    """Why ``value`` is not a valid e-mail address (email-validator's words), or None.

    An address with a plain local part is valid when ``aaa…@domain`` of the same length is, so
    one answer serves every address at a domain (most of a registry's are at one or two);
    anything else, and every invalid address, is asked of email-validator as written.
    """
    local, at, domain = value.rpartition("@")
    if at and PLAIN_LOCAL.fullmatch(local) and _email_error("a" * len(local) + at + domain) is None:
        return None
    return _email_error(value)


@lru_cache(maxsize=1 << 12)
def _email_error(value: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return None


QQ_NUMBER = re.compile(r"[1-9][0-9]{4,10}")
