"""The one way nmr reads a file it was handed: a regular file, not a link, bounded in size.

A registry is hostile input in CI: an account "file" may be a symbolic link to
``/proc/self/environ`` (which would print the runner's secrets into the report), a link to
``/dev/zero`` (memory), or a FIFO (a read that never returns). ``O_NOFOLLOW`` refuses the
link, ``O_NONBLOCK`` makes opening a FIFO return at once, and ``fstat`` on the opened
descriptor (not the name, which could be swapped in between) decides what it is.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Problem = Literal["missing", "symlink", "special", "directory", "too-large", "unreadable"]


@dataclass
class Unreadable(Exception):  # not frozen: raising sets __cause__ and __traceback__
    """Why a file was not read; ``size`` is known for ``too-large``."""

    problem: Problem
    path: Path
    size: int = 0
    detail: str = ""


def file_kind(path: Path) -> Problem | None:
    """What is wrong with ``path`` as an input file (without following a link), or None."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "unreadable"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "directory"
    if not stat.S_ISREG(mode):
        return "special"
    return None


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Raises ``Unreadable`` otherwise; never follows a symbolic link in the last component
    and never blocks on a FIFO or device.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Unreadable("missing", path) from None
    except OSError as error:
        kind = file_kind(path)
        raise Unreadable(kind or "unreadable", path, detail=error.strerror or "") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("directory", path)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("special", path)
        if info.st_size > limit:
            raise Unreadable("too-large", path, info.st_size)
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while we read it
                raise Unreadable("too-large", path, total)
        return b"".join(chunks)
    except OSError as error:
        raise Unreadable("unreadable", path, detail=error.strerror or "") from None
    finally:
        os.close(fd)
