"""Find and load a registry: policy, units and every account file, collecting findings."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from nmr.engine.identity import handle_keys, name_keys
from nmr.schemas.errors import NmrError
from nmr.schemas.finding import Finding, RuleInfo, Severity, field_path
from nmr.schemas.models import Account, Policy, Unit, UnitsFile, account_model
from nmr.schemas.shape import validate
from nmr.schemas.source import DEFAULT_LIMITS, Document, KeyPath, Limits, load
from nmr.schemas.text import Msg, Template, article_name, use_policy_names

NOT_REGISTRY_NOT_FOUND_RUN = Template(
    "engine.registry.not-registry-not-found-run",
    "{root} 不是备案库：找不到 {policy_file}。请在备案库根目录运行，或用 --root 指定。",
    "{root} is not a registry: {policy_file} not found. Run from its root or pass --root.",
)
NOT_FOUND = Template(
    "engine.registry.not-found", "找不到 {units_file}。", "{units_file} not found."
)
HAS_ERRORS_RUN_NMR_CHECK = Template(
    "engine.registry.has-errors-run-nmr-check",
    "{where} 有错误{detail}，没有执行；请先运行 nmr check 修正。",
    "{where} has errors: run nmr check first.",
)

ACCOUNTS_DIR = "accounts"
POLICY_FILE = "policy/policy.yaml"
UNITS_FILE = "policy/units.yaml"
FRAME_FILES = frozenset({"policy/policy.yaml", "policy/units.yaml"})
K = TypeVar("K", bound=Hashable)
MODELINE = "# yaml-language-server: $schema=../../schemas/account.schema.json"


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
        return self.document.finding(info, where, message, hint, on_key=on_key, severity=severity)

    @property
    def stem(self) -> str:
        return stem_of(self.path)

    @property
    def folder(self) -> str:
        parts = self.path.split("/")
        return parts[1] if len(parts) > 2 else ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A file found under accounts/, loaded or not."""

    path: str
    symlink_target: str | None = None  # where a symlink points, relative to root or absolute
    special: bool = False  # a FIFO, device or socket: never opened
    bad_name: bool = False  # not UTF-8: ``path`` shows the bytes escaped

    @property
    def is_symlink(self) -> bool:
        return self.symlink_target is not None

    @property
    def is_hidden(self) -> bool:
        return any(part.startswith(".") for part in self.path.split("/")[1:])

    @property
    def is_readable_record(self) -> bool:
        return not (self.is_symlink or self.special or self.bad_name) and is_account_path(self.path)


class AccountIndex(NamedTuple):
    """What cross-record rules need of an account, kept after its file is done with.

    A named tuple: a pull request's check rebuilds 100,000 of them from the cache.
    """

    path: str
    id: str
    unit: str
    platform: str
    handle: str
    status: str
    handle_line: int
    handle_column: int
    name: str = ""
    name_line: int = 1
    name_column: int = 1
    opened_on: str = ""  # ISO date: quotas count the accounts opened first
    platform_line: int = 1
    platform_column: int = 1
    # look-alike keys (TR39 skeletons), worked out once per file content (and cached with it)
    hkeys: tuple[str, ...] = ()
    nkeys: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: AccountFile, policy: Policy) -> AccountIndex:
        account = record.account
        platform = policy.platforms.get(account.platform)
        sensitive = platform.case_sensitive if platform is not None else False
        line, column = record.document.at(("handle",))
        name_line, name_column = record.document.at(("name",))
        return cls(
            record.path,
            account.id,
            account.unit,
            account.platform,
            account.handle,
            account.status,
            line,
            column,
            account.name,
            name_line,
            name_column,
            account.opened_on.isoformat(),
            *record.document.at(("platform",)),
            tuple(sorted(handle_keys(account.handle, case_sensitive=sensitive))),
            tuple(sorted(name_keys(account.name))),
        )


@dataclass(slots=True)
class Registry:
    root: Path
    policy: Policy
    units_document: Document | None
    units_file: UnitsFile | None
    entries: list[Entry] = field(default_factory=list)
    accounts: list[AccountFile] = field(default_factory=list)  # shape-valid records, when kept
    index: list[AccountIndex] = field(default_factory=list)  # every shape-valid record
    findings: list[Finding] = field(default_factory=list)
    only: frozenset[str] | None = None  # the files asked for, when not the whole registry
    units_by_id: dict[str, Unit] = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS  # from policy.yaml ``limits``, set once: read for every file
    policy_document: Document | None = None  # where policy.yaml's findings are placed
    indexed_all: bool = True  # every account file is in ``index`` (read or cached)
    # a pull request's check: the files it touches; cross-record rules then look only at the
    # groups those files are in (a change costs the change, not the registry)
    focus: frozenset[str] | None = None
    file_rules: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # scope → rules on
    indexing: bool = True  # whether checking a file also makes its index (see run._run_files)

    @property
    def complete(self) -> bool:
        return self.only is None

    def __post_init__(self) -> None:
        self.limits = _limits_of(self.policy)
        if self.units_file is not None:
            self.units_by_id = {unit.id: unit for unit in self.units_file.units}

    def grouped(
        self, keys_of: Callable[[AccountIndex], Iterable[K]]
    ) -> dict[K, list[AccountIndex]]:
        """The indexed records by each key ``keys_of`` gives them, in index order; in a pull
        request's check, only the groups of the files it touches."""
        wanted = None
        if self.focus is not None:
            wanted = {
                key for item in self.index if item.path in self.focus for key in keys_of(item)
            }
        groups: dict[K, list[AccountIndex]] = {}
        for item in self.index:
            for key in keys_of(item):
                if wanted is None or key in wanted:
                    groups.setdefault(key, []).append(item)
        return groups

    def unit(self, unit_id: str) -> Unit | None:
        return self.units_by_id.get(unit_id)

    @property
    def account_model(self) -> type[Account]:
        """The record model with policy.yaml ``extra_fields`` (built once, not pickled)."""
        return account_model(self.policy.extra_fields)

    @property
    def approver(self) -> Unit | None:
        """The approver unit (policy.yaml ``approver_unit``; 党委组宣部 here)."""
        return self.unit(self.policy.approver_unit)

    @property
    def approver_name(self) -> str:
        unit = self.approver
        return unit.name if unit is not None else self.policy.approver_unit

    @property
    def names(self) -> dict[str, object]:
        """The offices and the institution as this registry's policy names them (POLICY_NAMES)."""
        names: dict[str, object] = {
            "approver": self.approver_name,
            "institution": self.policy.institution,
            "measures": self.policy.measures,
            "guides": [self.unit_name(guide) for guide in self.policy.student_org_guides],
            "support": self.unit_name(self.policy.support_unit),
        }
        for key, setting in self.policy.requirements.items():
            if setting.article is not None and setting.enabled:
                names[f"art_{key.replace('-', '_')}"] = article_name(setting.article)
        return names

    def unit_name(self, unit_id: str) -> str:
        unit = self.unit(unit_id)
        return unit.name if unit is not None else unit_id

    @property
    def units(self) -> list[Unit]:
        return list(self.units_file.units) if self.units_file else []

    def in_policy(
        self,
        info: RuleInfo,
        where: KeyPath,
        message: Msg,
        hint: Msg,
        *,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of ``info`` at ``where`` inside policy/policy.yaml."""
        if self.policy_document is None:
            return info.finding(POLICY_FILE, 1, 1, field_path(where), message, hint, severity)
        return self.policy_document.finding(info, where, message, hint, severity=severity)

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
        if self.units_document is None:
            return info.finding(UNITS_FILE, 1, 1, field_path(where), message, hint, severity)
        return self.units_document.finding(
            info, where, message, hint, on_key=on_key, severity=severity
        )


def _undecodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8, kept as surrogates by the OS layer
        return True
    return False


def _escaped(path: str) -> str:
    """A file name safe to print: non-UTF-8 bytes and control characters as escapes."""
    raw = path.encode("utf-8", errors="surrogateescape")
    text = raw.decode("utf-8", errors="backslashreplace")
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def discover(root: Path, only: Iterable[str] | None = None) -> list[Entry]:
    """Every file under accounts/, hidden ones too, sorted; links and FIFOs noted, never opened.

    Nothing is skipped silently: a hidden folder (``accounts/.archive/``) is where an
    account would go to escape the rules, so its files are listed for file-layout to
    refuse. With ``only`` (pre-commit on a few files), just those files and their
    namesakes in other unit folders (what duplicate-id compares) are looked at: one file
    costs the same in a registry of 100,000 as in one of 40.
    """
    accounts = root / ACCOUNTS_DIR
    if accounts.is_symlink():
        return [Entry(ACCOUNTS_DIR, str(accounts.readlink()))]
    if only is not None:
        return _discover_only(root, only)
    entries: list[Entry] = []

    def walk(folder: str, rel: str) -> None:
        with os.scandir(folder) as items:
            for item in sorted(items, key=lambda entry: entry.name):
                path = f"{rel}/{item.name}"
                if not _nameable(item.name):
                    entries.append(Entry(_escaped(path), bad_name=True))
                elif item.is_symlink():
                    entries.append(Entry(path, str(Path(item.path).readlink())))
                elif item.is_dir(follow_symlinks=False):
                    walk(item.path, path)
                elif item.is_file(follow_symlinks=False):
                    entries.append(Entry(path))
                else:
                    entries.append(Entry(path, special=True))

    walk(str(accounts), ACCOUNTS_DIR)
    entries.sort(key=lambda entry: entry.path)
    return entries


def _nameable(name: str) -> bool:
    return name.isprintable() and not _undecodable(name)


def _entry(path: Path, rel: str, mode: int) -> Entry:
    """What one named file is, as the walk would have seen it (links are not followed)."""
    if not all(_nameable(part) for part in rel.split("/")):
        return Entry(_escaped(rel), bad_name=True)
    if stat.S_ISLNK(mode):
        return Entry(rel, str(path.readlink()))
    return Entry(rel) if stat.S_ISREG(mode) else Entry(rel, special=True)


def _discover_only(root: Path, only: Iterable[str]) -> list[Entry]:
    wanted = {path for path in only if path.startswith(f"{ACCOUNTS_DIR}/")}
    stems = {stem_of(path) for path in wanted if is_account_path(path)}
    try:
        with os.scandir(root / ACCOUNTS_DIR) as items:
            units = [item.name for item in items if item.is_dir(follow_symlinks=False)]
    except OSError:
        units = []
    candidates = wanted | {
        f"{ACCOUNTS_DIR}/{unit}/{stem}.yaml" for unit in units if _nameable(unit) for stem in stems
    }
    found: dict[str, Entry] = {}
    for rel in sorted(candidates):
        entry = _named_entry(root, rel)
        if entry is not None:
            found[entry.path] = entry
    return sorted(found.values(), key=lambda entry: entry.path)


def _named_entry(root: Path, rel: str) -> Entry | None:
    """The entry the walk would list for ``rel``: the file itself, or the linked folder it
    sits under (a walk never enters a symlinked folder, and neither does this); None when it
    is not there (pre-commit on a deleted file) or is a folder."""
    parts = rel.split("/")
    for depth in range(2, len(parts) + 1):
        sub = "/".join(parts[:depth])
        try:
            mode = (root / sub).lstat().st_mode
        except OSError:
            return None
        if depth == len(parts) or stat.S_ISLNK(mode) or not stat.S_ISDIR(mode):
            return None if stat.S_ISDIR(mode) else _entry(root / sub, sub, mode)
    return None


def _load_policy(root: Path) -> tuple[Document | None, Policy | None, list[Finding]]:
    if not (root / POLICY_FILE).is_file():
        raise NmrError(NOT_REGISTRY_NOT_FOUND_RUN(root=root, policy_file=POLICY_FILE))
    loaded = load(root, POLICY_FILE)
    if loaded.document is None:
        return None, None, loaded.findings
    policy, findings = validate(Policy, loaded.document)
    return loaded.document, policy, loaded.findings + findings


def load_policy(root: Path) -> tuple[Policy | None, list[Finding]]:
    _, policy, findings = _load_policy(root)
    return policy, findings


def load_units(
    root: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[Document | None, UnitsFile | None, list[Finding]]:
    if not (root / UNITS_FILE).is_file():
        raise NmrError(NOT_FOUND(units_file=UNITS_FILE))
    loaded = load(root, UNITS_FILE, limits)
    if loaded.document is None:
        return None, None, loaded.findings
    units, findings = validate(UnitsFile, loaded.document)
    return loaded.document, units, loaded.findings + findings


@dataclass(slots=True)
class LoadedAccount:
    document: Document | None
    account: AccountFile | None
    findings: list[Finding]


def load_account(root: Path, rel: str, limits: Limits, model: type[Account]) -> LoadedAccount:
    """One account file, validated by ``model`` (the registry's, with policy.yaml extra_fields)."""
    loaded = load(root, rel, limits)
    if loaded.document is None or loaded.findings:
        # Aliases, duplicate keys and tags leave the data unreliable: report them alone.
        return LoadedAccount(None, None, loaded.findings)
    account, findings = validate(model, loaded.document)
    record = AccountFile(rel, loaded.document, account) if account is not None else None
    return LoadedAccount(loaded.document, record, findings)


def load_frame(
    root: Path, only: Iterable[str] | None = None
) -> tuple[Registry | None, list[Finding]]:
    """Policy, units and the list of files under accounts/ (or of ``only`` and their
    namesakes), without reading any account.

    ``None`` (with the findings that say why) when the policy itself is unusable.
    """
    policy_document, policy, findings = _load_policy(root)
    if policy is None:
        return None, findings
    units_document, units_file, unit_findings = load_units(root, _limits_of(policy))
    registry = Registry(root, policy, units_document, units_file, findings=findings + unit_findings)
    registry.policy_document = policy_document
    use_policy_names(registry.names)
    registry.entries = discover(root, only) if (root / ACCOUNTS_DIR).exists() else []
    return registry, registry.findings


def _limits_of(policy: Policy) -> Limits:
    return Limits(**policy.limits.model_dump(include=set(Limits.__slots__)))


def require_frame(root: Path, *, units: bool = False) -> Registry:
    """The frame for commands that act on the whole registry (due, render, codeowners, new).

    They refuse a policy or units file with errors rather than guess: a broken units.yaml
    read as "no units" would make ``nmr due`` report nothing due and close every reminder.
    """
    registry, findings = load_frame(root)
    broken = sorted(
        {f.path for f in findings if f.severity is Severity.ERROR and f.path in FRAME_FILES}
    )
    if registry is None or broken or (units and registry.units_file is None):
        where = "、".join(broken) or POLICY_FILE
        first = next((f for f in findings if f.path in broken), None)
        detail = f"（第 {first.line} 行：{first.message.zh}）" if first is not None else ""
        raise NmrError(HAS_ERRORS_RUN_NMR_CHECK(where=where, detail=detail))
    return registry


def account_paths(registry: Registry, only: Iterable[str] | None = None) -> list[str]:
    """The account files to read: every one, or those of ``only``."""
    wanted = None if only is None else frozenset(only)
    registry.only = wanted
    return [
        entry.path
        for entry in registry.entries
        if entry.is_readable_record and (wanted is None or entry.path in wanted)
    ]


def load_registry(
    root: Path, only: Iterable[str] | None = None
) -> tuple[Registry | None, list[Finding]]:
    """The registry with every shape-valid record kept in memory (for renderers)."""
    registry, findings = load_frame(root)
    if registry is None:
        return None, findings
    for path in account_paths(registry, only):
        loaded = load_account(root, path, registry.limits, registry.account_model)
        registry.findings += loaded.findings
        if loaded.account is not None:
            registry.accounts.append(loaded.account)
            registry.index.append(AccountIndex.of(loaded.account, registry.policy))
    return registry, registry.findings


def stem_of(rel: str) -> str:
    """'accounts/law/law-wechat.yaml' → 'law-wechat' (posix paths, no pathlib: hot path)."""
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def is_account_path(rel: str) -> bool:
    """accounts/<unit>/<name>.yaml, neither part hidden (a dot-folder is no unit).

    String tests only: this runs for every file of the registry, several times.
    """
    return (
        rel.count("/") == 2
        and rel.startswith(f"{ACCOUNTS_DIR}/")
        and rel.endswith(".yaml")
        and "/." not in rel
    )
