"""A content-addressed cache of per-file results, as ruff and mypy keep theirs.

Each account file is known by its git blob hash (git already has it for every tracked file, so
an unchanged file is never read, let alone parsed). Two things are kept under ``.nmr-cache/``
(git-ignored), in a folder named by the *fingerprint*: a hash of this tool's code and of every
file under ``policy/``, so that a new rule, a fixed bug or any policy edit starts afresh:

- ``index.json``: what the registry-wide rules need of each file (id, unit, platform, handle,
  status, places), which does not depend on the day, as a list in AccountIndex's field order
  (a pull request's check reads 100,000 of them);
- ``<day>.json``: each file's own findings on that day (deadlines depend on the day).

Writes go to a temporary file renamed into place, so concurrent runs never see half a file; a
cache that cannot be read is ignored, never trusted. JSON only: a poisoned cache can at worst
make a check wrong for a file whose content it claims, never run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import tempfile
import typing
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from nmr.engine.registry import AccountIndex, Registry
from nmr.schemas.finding import Finding, Severity
from nmr.schemas.text import CATALOG, Msg

CACHE_DIR = ".nmr-cache"
VERSION = "1"
KEEP_DAYS = 2  # day files kept besides today's, for runs pinned to a nearby --today
_PACKAGE = Path(__file__).resolve().parents[1]


def code_files() -> list[str]:
    """Every source file of this tool, relative to the package, the rules included: checks/,
    schemas/ and render/ are symlinked folders in a checkout, which pathlib's glob skips."""
    found = []
    for folder, _, names in os.walk(_PACKAGE, followlinks=True):
        for name in names:
            if name.endswith(".py"):
                found.append((Path(folder) / name).relative_to(_PACKAGE).as_posix())
    return sorted(found)


@lru_cache(maxsize=1)
def code_hash() -> str:
    """A hash of this tool's source: any change to a rule or the engine invalidates the cache."""
    digest = hashlib.sha256(VERSION.encode())
    for name in code_files():
        digest.update(name.encode())
        digest.update((_PACKAGE / name).read_bytes())
    return digest.hexdigest()


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256(code_hash().encode())
    for path in sorted((root / "policy").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def blob_hash(data: bytes) -> str:
    """The git blob hash of ``data`` (what ``git hash-object`` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, check=True, timeout=120
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def blob_hashes(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """Each path's content hash: from git's index when the file is clean, else by reading it."""
    wanted = list(paths)
    known: dict[str, str] = {}
    listed = _git(root, "ls-files", "-s", "-z", "--", "accounts")
    dirty = _git(root, "diff", "--name-only", "-z", "--", "accounts")
    if listed is not None and dirty is not None:
        prefix = (_git(root, "rev-parse", "--show-prefix") or "").strip()
        changed = {name.removeprefix(prefix) for name in dirty.split("\0") if name}
        for entry in listed.split("\0"):
            meta, _, name = entry.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and name not in changed:
                known[name.removeprefix(prefix)] = parts[1]
    out = {}
    for path in wanted:
        if path in known:
            out[path] = known[path]
        else:
            with contextlib.suppress(OSError):
                out[path] = blob_hash((root / path).read_bytes())
    return out


def _encode(value: object) -> Any:
    if isinstance(value, Msg):
        return {"m": value.key, "a": [[name, _encode(item)] for name, item in value.args]}
    if isinstance(value, list | tuple):
        return {"l": [_encode(item) for item in value]}
    return str(value)  # templates use no format specs: the text is the same


def _decode(value: Any) -> object:
    if isinstance(value, dict) and "m" in value:
        if value["m"] not in CATALOG:
            raise KeyError(value["m"])
        return Msg(value["m"], tuple((name, _decode(item)) for name, item in value["a"]))
    if isinstance(value, dict):
        return [_decode(item) for item in value["l"]]
    return str(value)


def encode_finding(finding: Finding) -> dict[str, Any]:
    row = asdict(finding)
    row["severity"] = finding.severity.value
    row["message"], row["hint"] = _encode(finding.message), _encode(finding.hint)
    return row


def decode_finding(row: Mapping[str, Any]) -> Finding:
    message, hint = _decode(row["message"]), _decode(row["hint"])
    assert isinstance(message, Msg) and isinstance(hint, Msg)
    return Finding(
        rule=str(row["rule"]),
        article=row["article"],
        severity=Severity(row["severity"]),
        path=str(row["path"]),
        line=int(row["line"]),
        column=int(row["column"]),
        field=row["field"],
        message=message,
        hint=hint,
        requirement=row["requirement"],
    )


@dataclass(frozen=True, slots=True)
class Hit:
    findings: list[Finding] | None  # None: not cached for this day
    index: AccountIndex | None  # None: the file could not be read as a record


@dataclass
class Cache:
    """The cache of one registry under one fingerprint; ``None`` folder: caching is off."""

    folder: Path | None
    day: str
    index: dict[str, list[Any] | None] = field(default_factory=dict)  # "path blob" → index
    # → findings; None when this run needs no file's findings (a pull request judges its own
    # files afresh and wants only the others' index): the day file is then neither read nor written
    results: dict[str, list[dict[str, Any]]] | None = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(
        cls, registry: Registry, day: str, enabled: bool = True, *, findings: bool = True
    ) -> Cache:
        if not enabled:
            return cls(None, day)
        outside = os.environ.get("NMR_CACHE_DIR")
        if not outside and committed(registry.root):
            return cls(None, day)  # a cache that came with the files vouches for nothing
        base = Path(outside or registry.root / CACHE_DIR)
        folder = base / f"v{VERSION}" / fingerprint(registry.root)
        cache = cls(folder, day)
        cache.index = _load(folder / "index.json")
        cache.results = _load(folder / f"{day}.json") if findings else None
        return cache

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def keys(self, root: Path, paths: list[str]) -> dict[str, str]:
        """Each path's cache key (path and content hash); none when caching is off."""
        if self.folder is None:
            return {}
        return {path: f"{path} {blob}" for path, blob in blob_hashes(root, paths).items()}

    def lookup(self, key: str | None) -> Hit | None:
        """What is known of a file: its index (None for an unreadable file) and, when cached for
        this day, its findings. ``None`` when the file's content was never seen."""
        if key is None or key not in self.index:
            return None
        row = self.index[key]
        rows = self.results.get(key) if self.results is not None else None
        try:
            index = _index_of(row) if row is not None else None
            findings = [decode_finding(r) for r in rows] if rows is not None else None
        except (KeyError, TypeError, ValueError, AssertionError):
            return None  # a cache of another shape: check the file again
        return Hit(findings, index)

    def keep(self, key: str | None, findings: list[Finding], index: AccountIndex | None) -> None:
        if self.folder is None or key is None:
            return
        self.index[key] = list(index) if index is not None else None
        if self.results is not None:
            self.results[key] = [encode_finding(finding) for finding in findings]
        self.dirty = True

    def save(self) -> None:
        if self.folder is None or not self.dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder.parents[1] / ".gitignore"
            if not ignore.exists():
                _write(ignore, "*\n")  # the cache never lands in a commit
            _write(self.folder / "index.json", json.dumps(self.index, ensure_ascii=False))
            if self.results is not None:
                text = json.dumps(self.results, ensure_ascii=False)
                _write(self.folder / f"{self.day}.json", text)
            _prune(self.folder, self.day)
        except OSError:
            return  # a read-only checkout: the check itself is what matters


def committed(root: Path) -> bool:
    """Whether the checkout itself carries .nmr-cache files (forced into a commit): a pull
    request could then bring results that say its own records, or the records it imitates,
    are fine. Such a cache is never read."""
    listed = _git(root, "ls-files", "--", CACHE_DIR)
    return bool(listed and listed.strip())


INDEX_FIELDS = AccountIndex._fields
# What JSON gives back for each field: a damaged or doctored row is refused, never half used
# (a number where a path belongs would crash the registry-wide rules' sort).
_ROW_TYPES = tuple(
    list if typing.get_origin(kind) is tuple else kind
    for kind in typing.get_type_hints(AccountIndex).values()
)


def _index_of(row: object) -> AccountIndex:
    """A cached index row back into an AccountIndex (JSON lists into its tuples)."""
    if not (
        isinstance(row, list)
        and len(row) == len(_ROW_TYPES)
        and all(isinstance(value, kind) for value, kind in zip(row, _ROW_TYPES, strict=True))
        and all(isinstance(key, str) for key in (*row[-2], *row[-1]))
    ):
        raise ValueError(row)
    # the look-alike keys (hkeys, nkeys) come last: JSON lists back into tuples
    return AccountIndex._make((*row[:-2], tuple(row[-2]), tuple(row[-1])))


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _prune(folder: Path, day: str) -> None:
    """Drop other fingerprints' folders and all but the newest day files."""
    for other in folder.parent.iterdir():
        if other != folder and other.is_dir():
            _remove_tree(other)
    days = sorted(p for p in folder.glob("*.json") if p.name != "index.json")
    for old in days[: max(0, len(days) - KEEP_DAYS - 1)]:
        if old.name != f"{day}.json":
            with contextlib.suppress(OSError):
                old.unlink()


def _remove_tree(path: Path) -> None:
    for item in sorted(path.rglob("*"), reverse=True):
        with contextlib.suppress(OSError):
            item.rmdir() if item.is_dir() else item.unlink()
    with contextlib.suppress(OSError):
        path.rmdir()
