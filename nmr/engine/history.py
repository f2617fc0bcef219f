"""What changed since the merge base: real git, from the working tree, never touching the index.

A temporary index (a copy of the real one plus ``git add -A`` of the registry folders) lets
``git diff --cached -M`` see untracked new files and detect renames, exactly as a pull
request will show them, while the user's own index stays as it was.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template

IN_CI_CHECK_OUT_FULL = Template(
    "engine.history.in-ci-check-out-full",
    "CI 中请用完整历史检出（actions/checkout 设置 fetch-depth: 0），本地请先 git fetch origin。",
    "In CI check out full history (actions/checkout with fetch-depth: 0); locally run git fetch origin.",
)
GIT_NOT_INSTALLED = Template(
    "engine.history.git-not-installed", "找不到 git 命令：请先安装 git。", "git is not installed."
)
NOT_IN_GIT_REPOSITORY = Template(
    "engine.history.not-in-git-repository",
    "{root} 不在 git 仓库中，无法使用 --base。",
    "{root} is not in a git repository.",
)
BASE_NOT_FOUND = Template(
    "engine.history.base-not-found",
    "找不到基准 {ref}：{fetch_hint}",
    "base {ref} not found: {fetch_hint}",
)
NO_MERGE_BASE_AND_HEAD = Template(
    "engine.history.no-merge-base-and-head",
    "找不到 {ref} 与当前分支的共同祖先（浅克隆？）：{fetch_hint}",
    "no merge base of {ref} and HEAD (shallow clone?): {fetch_hint}",
)

Status = Literal["added", "modified", "deleted", "renamed"]
WATCHED = ("accounts", "policy")
_STATUS: dict[str, Status] = {
    "A": "added",
    "M": "modified",
    "D": "deleted",
    "R": "renamed",
    "T": "modified",
}

FETCH_HINT = IN_CI_CHECK_OUT_FULL()


@dataclass(frozen=True, slots=True)
class FileChange:
    status: Status
    path: str  # relative to the registry root; for deletions, the old path
    old_path: str | None  # for renames and modifications
    old_text: str | None  # the file at the merge base (None when added)
    bad_name: bool = False  # the path is not UTF-8 (shown escaped)


@dataclass(frozen=True, slots=True)
class Change:
    base: str  # merge-base commit
    ref: str
    files: tuple[FileChange, ...]
    others: tuple[str, ...] = ()  # every other changed path, relative to the registry root

    @property
    def touched(self) -> frozenset[str]:
        """Registry paths the change adds, edits, renames to, or deletes."""
        return frozenset(change.path for change in self.files)


def _git(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> bytes:
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, **(env or {}), "GIT_OPTIONAL_LOCKS": "0"},
            timeout=300,
        )
    except FileNotFoundError:
        raise NmrError(GIT_NOT_INSTALLED()) from None
    if completed.returncode != 0:
        raise subprocess.CalledProcessError(
            completed.returncode, args, completed.stdout, completed.stderr
        )
    return completed.stdout


def _text(out: bytes) -> str:
    return out.decode("utf-8", errors="replace").strip()


def resolve(root: Path, ref: str) -> tuple[Path, str, str]:
    """(repository top, registry prefix inside it, merge-base commit of ``ref`` and HEAD)."""
    try:
        top = Path(_text(_git(["rev-parse", "--show-toplevel"], root)))
    except subprocess.CalledProcessError:
        raise NmrError(NOT_IN_GIT_REPOSITORY(root=root)) from None
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        commit = _text(_git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root))
    except subprocess.CalledProcessError:
        raise NmrError(BASE_NOT_FOUND(ref=ref, fetch_hint=FETCH_HINT)) from None
    try:
        base = _text(_git(["merge-base", commit, "HEAD"], root))
    except subprocess.CalledProcessError:
        raise NmrError(NO_MERGE_BASE_AND_HEAD(ref=ref, fetch_hint=FETCH_HINT)) from None
    return top, prefix, base


def _read_blobs(top: Path, oids: list[str], limit: int) -> list[str | None]:
    """Contents of blobs by object id, in one ``git cat-file --batch``.

    Object ids, never paths, go into the batch: a path may hold a newline, which would
    split one request into two and shift every answer after it. A blob over ``limit``
    bytes is not decoded (None: the old record is treated as unreadable).
    """
    if not oids:
        return []
    out = _git(["cat-file", "--batch"], top, stdin="".join(f"{oid}\n" for oid in oids).encode())
    texts: list[str | None] = []
    at = 0
    for _ in oids:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if header[-1] == b"missing":
            texts.append(None)
            at = end + 1
            continue
        size = int(header[2])
        blob = out[end + 1 : end + 1 + size]
        texts.append(blob.decode("utf-8", errors="replace") if size <= limit else None)
        at = end + 1 + size + 1
    return texts


_NO_BLOB = "0" * 40
_LINK_MODE = "120000"


@dataclass(frozen=True, slots=True)
class _RawEntry:
    status: Status
    new: str
    old: str | None
    old_oid: str | None  # None when added, or when the old side is no regular file
    bad_name: bool


def _name(raw: bytes) -> tuple[str, bool]:
    """A git path as text; (escaped text, True) when it is not UTF-8 or not printable."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="backslashreplace")
        return _printable(text), True
    return (text, False) if text.isprintable() else (_printable(text), True)


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def _parse_raw(raw: bytes) -> list[_RawEntry]:
    """``git diff --raw -z``: ``:mode mode oid oid STATUS\0path\0[path\0]`` per file."""
    fields = raw.split(b"\0")
    entries: list[_RawEntry] = []
    i = 0
    while i < len(fields) - 1:
        header = fields[i].decode("ascii", errors="replace").lstrip(":").split()
        code = header[4] if len(header) > 4 else ""
        old_mode, old_oid = header[0], header[2]
        two_paths = code.startswith(("R", "C"))
        old_name, bad_old = _name(fields[i + 1])
        new_name, bad_new = _name(fields[i + 2] if two_paths else fields[i + 1])
        i += 3 if two_paths else 2
        status = _STATUS.get(code[:1])
        if status is None:
            continue
        regular_old = status != "added" and old_oid != _NO_BLOB and old_mode != _LINK_MODE
        entries.append(
            _RawEntry(
                status,
                new_name,
                None if status == "added" else old_name,
                old_oid if regular_old else None,
                bad_old or bad_new,
            )
        )
    return entries


def changes(root: Path, ref: str, limit: int = 1 << 20) -> Change:
    import shutil
    import tempfile

    top, prefix, base = resolve(root, ref)
    git_index = Path(
        _text(_git(["rev-parse", "--path-format=absolute", "--git-path", "index"], top))
    )
    watched = [f"{prefix}{folder}" for folder in WATCHED]
    with tempfile.TemporaryDirectory(prefix="nmr-index-") as scratch:
        index = Path(scratch) / "index"
        if git_index.exists():
            # copy2 keeps the index's mtime: git's racy-clean check compares file times with
            # it, and a fresh mtime would let an edit of the same size in the same second pass
            # as unchanged.
            shutil.copy2(git_index, index)
        env = {"GIT_INDEX_FILE": str(index)}
        _git(["add", "-A", "--", "."], top, env)
        raw = _git(
            ["diff", "--cached", "-M", "--raw", "-z", "--no-abbrev", base, "--", *watched],
            top,
            env,
        )
        everything = _git(["diff", "--cached", "--name-only", "-z", base], top, env)
    entries = _parse_raw(raw)
    others = tuple(
        _relative(name, prefix)
        for name in (_name(item)[0] for item in everything.split(b"\0") if item)
        if not name.startswith(tuple(f"{folder}/" for folder in watched))
    )
    olds = iter(_read_blobs(top, [e.old_oid for e in entries if e.old_oid is not None], limit))
    files = []
    for entry in entries:
        old_text = next(olds) if entry.old_oid is not None else None
        files.append(
            FileChange(
                entry.status,
                entry.new[len(prefix) :],
                entry.old[len(prefix) :] if entry.old is not None else None,
                old_text,
                entry.bad_name,
            )
        )
    return Change(base, ref, tuple(files), others)


def _relative(path: str, prefix: str) -> str:
    """A repository path as seen from the registry root (``../x`` when outside it)."""
    if path.startswith(prefix):
        return path[len(prefix) :]
    depth = prefix.count("/")
    return "../" * depth + path
