"""Outputs are owned: nmr writes only into folders it made, and never half a folder.

``owned_folder(out, root)`` refuses a target that would destroy anything that is not nmr's
own output: the registry root or any folder holding it, ``accounts/``, ``policy/``, ``.git``
or ``.github``, a git work tree, a symbolic link, a file, or a folder with files nmr did not
write (a manifest, ``.nmr-output.json``, lists what it wrote last time). The new content is
built in a sibling folder and swapped in under a lock, so a crash leaves the previous
output whole and two builds at once each leave a complete folder. ``atomic_write`` does the
same for one file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from nmr.schemas.errors import NmrError
from nmr.schemas.text import Msg, Template

WILL_NOT_WRITE_INTO_NOTHING = Template(
    "render.output.will-not-write-into-nothing",
    "不能写入 {out}：{why}。没有改动任何文件；请用 --out 指定一个新的空文件夹。",
    "will not write into {out}: {why}. Nothing was changed; pass a new, empty --out.",
)
IT_SYMBOLIC_LINK = Template(
    "render.output.it-symbolic-link", "它是符号链接", "it is a symbolic link"
)
IT_FILE_NOT_FOLDER = Template(
    "render.output.it-file-not-folder", "它是一个文件，不是文件夹", "it is a file, not a folder"
)
IT_REGISTRY_OR_CONTAINS_IT = Template(
    "render.output.it-registry-or-contains-it",
    "它是备案库本身或包含备案库",
    "it is the registry or contains it",
)
IT_GIT_REPOSITORY = Template(
    "render.output.it-git-repository", "它是一个 git 仓库", "it is a git repository"
)
IT_NOT_EMPTY_AND_WAS = Template(
    "render.output.it-not-empty-and-was",
    "它不是空文件夹，也不是 nmr 生成的（含 {listing}）",
    "it is not empty and was not made by nmr (holds {listing})",
)
IT_HOLDS_FILES_NMR_DID = Template(
    "render.output.it-holds-files-nmr-did",
    "其中有不是 nmr 生成的文件：{listing}",
    "it holds files nmr did not write: {listing}",
)
SYMBOLIC_LINK_NOT_WRITTEN_REMOVE = Template(
    "render.output.symbolic-link-not-written-remove",
    "{path} 是符号链接，没有写入（不会顺着链接覆盖别处的文件）。请删除链接后重试。",
    "{path} is a symbolic link; not written. Remove the link and retry.",
)
NOT_REGULAR_FILE = Template(
    "render.output.not-regular-file",
    "{path} 不是普通文件，没有写入。",
    "{path} is not a regular file.",
)
DOES_NOT_EXIST = Template(
    "render.output.does-not-exist",
    "文件夹 {parent} 不存在，没有写入 {name}。",
    "{parent} does not exist.",
)
IT_INSIDE = Template("render.output.it-inside", "它在备案库的 {name}/ 中", "it is inside {name}/")

MANIFEST = ".nmr-output.json"
PROTECTED = ("accounts", "policy", ".git", ".github")
_SHOWN = 5


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _refuse(out: Path, why: Msg) -> NmrError:
    return NmrError(WILL_NOT_WRITE_INTO_NOTHING(out=out, why=why))


def _git_top(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _owned_files(out: Path) -> set[str] | None:
    """What nmr wrote into ``out`` last time, or None when ``out`` has no valid manifest."""
    manifest = out / MANIFEST
    if manifest.is_symlink() or not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("tool") != "nmr" or not isinstance(files, list):
        return None
    return {str(item) for item in files}


def _foreign(out: Path, owned: set[str]) -> list[str]:
    """Files (and links) under ``out`` that are not in its manifest."""
    found = []
    for folder, dirs, files in os.walk(out):
        base = Path(folder)
        for name in files + [d for d in dirs if (base / d).is_symlink()]:
            rel = (base / name).relative_to(out).as_posix()
            if rel != MANIFEST and (rel not in owned or (base / name).is_symlink()):
                found.append(rel)
    return sorted(found)


def check_target(out: Path, root: Path) -> None:
    """Raise (exit 2) unless writing a whole new ``out`` can destroy nothing but nmr's output."""
    if out.is_symlink():
        raise _refuse(out, IT_SYMBOLIC_LINK())
    if out.exists() and not out.is_dir():
        raise _refuse(out, IT_FILE_NOT_FOLDER())
    target, registry = out.resolve(), root.resolve()
    if _inside(registry, target):
        raise _refuse(out, IT_REGISTRY_OR_CONTAINS_IT())
    for name in PROTECTED:
        if _inside(target, registry / name):
            raise _refuse(out, IT_INSIDE(name=name))
    top = _git_top(target)
    if top is not None and _inside(top, target):
        raise _refuse(out, IT_GIT_REPOSITORY())
    if not out.exists() or not any(out.iterdir()):
        return
    owned = _owned_files(out)
    if owned is None:
        listing = "、".join(sorted(p.name for p in out.iterdir())[:_SHOWN])
        raise _refuse(
            out,
            IT_NOT_EMPTY_AND_WAS(listing=listing),
        )
    foreign = _foreign(out, owned)
    if foreign:
        listing = "、".join(foreign[:_SHOWN])
        raise _refuse(
            out,
            IT_HOLDS_FILES_NMR_DID(listing=listing),
        )


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _manifest(stage: Path, kind: str) -> None:
    files = sorted(
        path.relative_to(stage).as_posix()
        for path in stage.rglob("*")
        if path.is_file() and not path.is_symlink()
    )
    (stage / MANIFEST).write_text(
        json.dumps({"tool": "nmr", "kind": kind, "files": files}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )


@contextlib.contextmanager
def owned_folder(out: Path, root: Path, kind: str) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``out`` whole.

    Checks the target first (nothing is touched when it is refused) and again under the
    lock just before the swap, in case another process changed it meanwhile.
    """
    check_target(out, root)
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=parent))
    try:
        yield stage
        _manifest(stage, kind)
        with _locked(parent):
            check_target(out, root)
            old = None
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
                out.rename(old / "previous")
            stage.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all; a symbolic link at ``path`` is refused, not followed."""
    if path.is_symlink():
        raise NmrError(SYMBOLIC_LINK_NOT_WRITTEN_REMOVE(path=path))
    if path.exists() and not path.is_file():
        raise NmrError(NOT_REGULAR_FILE(path=path))
    if not path.parent.is_dir():
        raise NmrError(DOES_NOT_EXIST(parent=path.parent, name=path.name))
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
