"""Find and load a registry: policy, units and every account file, collecting findings."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from schemas.finding import Finding, RuleInfo, Severity, field_path
from schemas.models import Account, Policy, Unit, UnitsFile
from schemas.shape import validate
from schemas.source import Document, KeyPath, load
from schemas.text import Msg

ACCOUNTS_DIR = "accounts"
POLICY_FILE = "policy/policy.yaml"
UNITS_FILE = "policy/units.yaml"
MODELINE = "# yaml-language-server: $schema=../../schemas/account.schema.json"


class RegistryError(Exception):
    """The registry cannot be worked on at all (exit 2): wrong root, missing policy."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.zh)
        self.msg = message


@dataclass(slots=True)
class AccountFile:
    """A loaded, shape-valid account record and where each of its parts is."""

    path: str
    document: Document
    account: Account

    def at(
        self,
        info: RuleInfo,
        where: KeyPath,
        message: Msg,
        hint: Msg,
        *,
        on_key: bool = False,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of ``info`` on the value (or key) at ``where`` in this file."""
        doc = self.document
        line, column = doc.key_position(where) if on_key else doc.value_position(where)
        return info.finding(self.path, line, column, field_path(where), message, hint, severity)

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    @property
    def folder(self) -> str:
        parts = Path(self.path).parts
        return parts[1] if len(parts) > 2 else ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A file found under accounts/, loaded or not."""

    path: str
    symlink_target: str | None = None  # where a symlink points, relative to root or absolute

    @property
    def is_symlink(self) -> bool:
        return self.symlink_target is not None


@dataclass(slots=True)
class Registry:
    root: Path
    policy: Policy
    units_document: Document | None
    units_file: UnitsFile | None
    entries: list[Entry] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)  # every parsed account file
    accounts: list[AccountFile] = field(default_factory=list)  # the shape-valid ones
    findings: list[Finding] = field(default_factory=list)
    complete: bool = True  # False when only some account files were loaded (explicit paths)

    def unit(self, unit_id: str) -> Unit | None:
        return self._units().get(unit_id)

    def _units(self) -> dict[str, Unit]:
        if self.units_file is None:
            return {}
        return {unit.id: unit for unit in self.units_file.units}

    @property
    def units(self) -> list[Unit]:
        return list(self.units_file.units) if self.units_file else []

    def in_units(
        self,
        info: RuleInfo,
        where: KeyPath,
        message: Msg,
        hint: Msg,
        *,
        on_key: bool = False,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of ``info`` at ``where`` inside policy/units.yaml."""
        doc = self.units_document
        line, column = (
            (1, 1)
            if doc is None
            else (doc.key_position(where) if on_key else doc.value_position(where))
        )
        return info.finding(UNITS_FILE, line, column, field_path(where), message, hint, severity)


def _is_inside(root: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def discover(root: Path) -> list[Entry]:
    """Every non-hidden file under accounts/, sorted, symlinks noted but never followed."""
    base = root / ACCOUNTS_DIR
    entries: list[Entry] = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = here / name
            rel = full.relative_to(root).as_posix()
            entries.append(Entry(rel, str(full.readlink()) if full.is_symlink() else None))
        for name in dirs:
            full = here / name
            if full.is_symlink():
                rel = full.relative_to(root).as_posix()
                entries.append(Entry(rel, str(full.readlink())))
    return entries


def load_policy(root: Path) -> tuple[Policy | None, list[Finding]]:
    if not (root / POLICY_FILE).is_file():
        raise RegistryError(
            Msg(
                f"{root} 不是备案库：找不到 {POLICY_FILE}。请在备案库根目录运行，或用 --root 指定。",
                f"{root} is not a registry: {POLICY_FILE} not found. Run from its root or pass --root.",
            )
        )
    loaded = load(root, POLICY_FILE)
    if loaded.document is None:
        return None, loaded.findings
    policy, findings = validate(Policy, loaded.document)
    return policy, loaded.findings + findings


def load_units(root: Path) -> tuple[Document | None, UnitsFile | None, list[Finding]]:
    if not (root / UNITS_FILE).is_file():
        raise RegistryError(Msg(f"找不到 {UNITS_FILE}。", f"{UNITS_FILE} not found."))
    loaded = load(root, UNITS_FILE)
    if loaded.document is None:
        return None, None, loaded.findings
    units, findings = validate(UnitsFile, loaded.document)
    return loaded.document, units, loaded.findings + findings


@dataclass(slots=True)
class LoadedAccount:
    document: Document | None
    account: AccountFile | None
    findings: list[Finding]


def load_account(root: Path, rel: str) -> LoadedAccount:
    loaded = load(root, rel)
    if loaded.document is None or loaded.findings:
        # Aliases, duplicate keys and tags leave the data unreliable: report them alone.
        return LoadedAccount(None, None, loaded.findings)
    account, findings = validate(Account, loaded.document)
    record = AccountFile(rel, loaded.document, account) if account is not None else None
    return LoadedAccount(loaded.document, record, findings)


def load_registry(
    root: Path, only: Iterable[str] | None = None
) -> tuple[Registry | None, list[Finding]]:
    """Load the registry at ``root``; ``only`` limits the account files that are read.

    Returns ``None`` (with the findings that say why) when the policy itself is unusable.
    """
    policy, findings = load_policy(root)
    if policy is None:
        return None, findings
    units_document, units_file, unit_findings = load_units(root)
    registry = Registry(root, policy, units_document, units_file, findings=findings + unit_findings)
    registry.entries = discover(root) if (root / ACCOUNTS_DIR).is_dir() else []
    wanted = None if only is None else set(only)
    registry.complete = wanted is None
    for entry in registry.entries:
        if wanted is not None and entry.path not in wanted:
            continue
        if entry.is_symlink or not is_account_path(entry.path):
            continue
        loaded = load_account(root, entry.path)
        registry.findings += loaded.findings
        if loaded.document is not None:
            registry.documents.append(loaded.document)
        if loaded.account is not None:
            registry.accounts.append(loaded.account)
    return registry, registry.findings


def is_account_path(rel: str) -> bool:
    parts = rel.split("/")
    return len(parts) == 3 and parts[0] == ACCOUNTS_DIR and parts[2].endswith(".yaml")
