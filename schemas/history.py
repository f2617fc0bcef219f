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

from schemas.errors import NmrError
from schemas.text import Msg

Status = Literal["added", "modified", "deleted", "renamed"]
WATCHED = ("accounts", "policy")
_STATUS: dict[str, Status] = {
    "A": "added",
    "M": "modified",
    "D": "deleted",
    "R": "renamed",
    "T": "modified",
}

FETCH_HINT = Msg(
    "CI 中请用完整历史检出（actions/checkout 设置 fetch-depth: 0），本地请先 git fetch origin。",
    "In CI check out full history (actions/checkout with fetch-depth: 0); locally run git fetch origin.",
)


@dataclass(frozen=True, slots=True)
class FileChange:
    status: Status
    path: str  # relative to the registry root; for deletions, the old path
    old_path: str | None  # for renames and modifications
    old_text: str | None  # the file at the merge base (None when added)


@dataclass(frozen=True, slots=True)
class Change:
    base: str  # merge-base commit
    ref: str
    files: tuple[FileChange, ...]

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
        raise NmrError(Msg("找不到 git 命令：请先安装 git。", "git is not installed.")) from None
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
        raise NmrError(
            Msg(f"{root} 不在 git 仓库中，无法使用 --base。", f"{root} is not in a git repository.")
        ) from None
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        commit = _text(_git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root))
    except subprocess.CalledProcessError:
        raise NmrError(
            Msg(f"找不到基准 {ref}：{FETCH_HINT.zh}", f"base {ref} not found: {FETCH_HINT.en}")
        ) from None
    try:
        base = _text(_git(["merge-base", commit, "HEAD"], root))
    except subprocess.CalledProcessError:
        raise NmrError(
            Msg(
                f"找不到 {ref} 与当前分支的共同祖先（浅克隆？）：{FETCH_HINT.zh}",
                f"no merge base of {ref} and HEAD (shallow clone?): {FETCH_HINT.en}",
            )
        ) from None
    return top, prefix, base


def _read_blobs(top: Path, specs: list[str]) -> list[str | None]:
    """Contents of ``commit:path`` specs, in one ``git cat-file --batch``."""
    if not specs:
        return []
    out = _git(["cat-file", "--batch"], top, stdin="".join(f"{spec}\n" for spec in specs).encode())
    texts: list[str | None] = []
    at = 0
    for _ in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if header[-1] == b"missing":
            texts.append(None)
            at = end + 1
            continue
        size = int(header[2])
        texts.append(out[end + 1 : end + 1 + size].decode("utf-8", errors="replace"))
        at = end + 1 + size + 1
    return texts


def changes(root: Path, ref: str) -> Change:
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
            shutil.copyfile(git_index, index)
        env = {"GIT_INDEX_FILE": str(index)}
        _git(["add", "-A", "--", *watched], top, env)
        raw = _git(
            ["diff", "--cached", "-M", "--name-status", "-z", base, "--", *watched], top, env
        )
    fields = raw.decode("utf-8").split("\0")
    entries: list[tuple[Status, str, str | None]] = []
    i = 0
    while i < len(fields) - 1:
        code = fields[i]
        status = _STATUS.get(code[:1])
        if code.startswith(("R", "C")):
            old, new = fields[i + 1], fields[i + 2]
            i += 3
        else:
            old = new = fields[i + 1]
            i += 2
        if status is None:
            continue
        entries.append((status, new, None if status == "added" else old))
    olds = _read_blobs(top, [f"{base}:{old}" for _, _, old in entries if old is not None])
    old_iter = iter(olds)
    files = []
    for status, new, old_name in entries:
        old_text = next(old_iter) if old_name is not None else None
        files.append(
            FileChange(
                status,
                new[len(prefix) :],
                old_name[len(prefix) :] if old_name is not None else None,
                old_text,
            )
        )
    return Change(base, ref, tuple(files))
