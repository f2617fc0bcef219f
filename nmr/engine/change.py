"""Build the ChangeSet of ``nmr check --base REF``: old and new records of every touched file."""

from __future__ import annotations

from pathlib import Path

from nmr.engine.base import AccountChange, ChangeSet
from nmr.engine.history import changes
from nmr.engine.registry import UNITS_FILE, is_account_path, load_account
from nmr.schemas import syntax
from nmr.schemas.finding import Finding
from nmr.schemas.models import Account, UnitsFile
from nmr.schemas.shape import validate
from nmr.schemas.source import DEFAULT_LIMITS, Limits, parse
from nmr.schemas.text import Template

FILE_NAME_HAS_CONTROL_CHARACTERS = Template(
    "engine.change.file-name-has-control-characters",
    "文件名 {path} 含有控制字符或不是 UTF-8 编码，无法作为备案记录检查",
    "the file name {path} has control characters or is not UTF-8",
)
RENAME_IT_ACCOUNTS_UNIT_ID = Template(
    "engine.change.rename-it-accounts-unit-id",
    "把文件改名为 accounts/<单位>/<id>.yaml（只用小写字母、数字和连字符）。",
    "Rename it to accounts/<unit>/<id>.yaml (lowercase letters, digits, hyphens).",
)


def _old_record(
    path: str, text: str | None, limits: Limits, model: type[Account]
) -> Account | None:
    if text is None:
        return None
    loaded = parse(path, text, limits)
    if loaded.document is None or loaded.findings:
        return None
    record, _ = validate(model, loaded.document)
    return record


def _old_units(text: str | None, limits: Limits) -> UnitsFile | None:
    if text is None:
        return None
    loaded = parse(UNITS_FILE, text, limits)
    if loaded.document is None:
        return None
    units, _ = validate(UnitsFile, loaded.document)
    return units


def _bad_name(path: str) -> Finding:
    return syntax.FILE_NOT_REGULAR.finding(
        path,
        1,
        1,
        None,
        FILE_NAME_HAS_CONTROL_CHARACTERS(path=path),
        RENAME_IT_ACCOUNTS_UNIT_ID(),
    )


def load_changes(
    root: Path, ref: str, limits: Limits = DEFAULT_LIMITS, model: type[Account] = Account
) -> ChangeSet:
    change = changes(root, ref, limits.file_bytes)
    accounts = []
    findings: list[Finding] = []
    old_units: UnitsFile | None = None
    units_changed = policy_changed = False
    for file in change.files:
        if file.bad_name:
            findings.append(_bad_name(file.path))
            continue
        if UNITS_FILE in (file.path, file.old_path):
            units_changed = True
            old_units = _old_units(file.old_text, limits)
        elif file.path.startswith("policy/"):
            policy_changed = True
        if not (is_account_path(file.path) or (file.old_path and is_account_path(file.old_path))):
            continue
        new = None
        if file.status != "deleted" and (root / file.path).is_file():
            new = load_account(root, file.path, limits, model).account
        old = _old_record(file.old_path or file.path, file.old_text, limits, model)
        accounts.append(AccountChange(file.status, file.path, file.old_path, old, new))
    return ChangeSet(
        change.ref,
        change.base,
        tuple(accounts),
        old_units,
        units_changed,
        policy_changed,
        change.touched | frozenset(change.others),
        tuple(findings),
        change.others,
    )
