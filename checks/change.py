"""Build the ChangeSet of ``nmr check --base REF``: old and new records of every touched file."""

from __future__ import annotations

from pathlib import Path

from checks.base import AccountChange, ChangeSet
from schemas.history import changes
from schemas.models import Account, UnitsFile
from schemas.registry import UNITS_FILE, is_account_path, load_account
from schemas.shape import validate
from schemas.source import parse


def _old_record(path: str, text: str | None) -> Account | None:
    if text is None:
        return None
    loaded = parse(path, text)
    if loaded.document is None or loaded.findings:
        return None
    record, _ = validate(Account, loaded.document)
    return record


def _old_units(text: str | None) -> UnitsFile | None:
    if text is None:
        return None
    loaded = parse(UNITS_FILE, text)
    if loaded.document is None:
        return None
    units, _ = validate(UnitsFile, loaded.document)
    return units


def load_changes(root: Path, ref: str) -> ChangeSet:
    change = changes(root, ref)
    accounts = []
    old_units: UnitsFile | None = None
    units_changed = policy_changed = False
    for file in change.files:
        if UNITS_FILE in (file.path, file.old_path):
            units_changed = True
            old_units = _old_units(file.old_text)
        elif file.path.startswith("policy/"):
            policy_changed = True
        if not (is_account_path(file.path) or (file.old_path and is_account_path(file.old_path))):
            continue
        new = None
        if file.status != "deleted" and (root / file.path).is_file():
            new = load_account(root, file.path).account
        old = _old_record(file.old_path or file.path, file.old_text)
        accounts.append(AccountChange(file.status, file.path, file.old_path, old, new))
    return ChangeSet(
        change.ref,
        change.base,
        tuple(accounts),
        old_units,
        units_changed,
        policy_changed,
        change.touched,
    )
