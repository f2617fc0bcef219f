"""The site build's row store: every published account once, on disk, not in memory.

The site is written from a temporary SQLite database (the standard library's): one row per
account with its public fields already serialised, and two small tables of keys, the verify
shards and the search words of each row. Every page and data file is then one ordered query
streamed to disk, so the build's memory does not grow with the registry (issue 18: a
100,000-account registry under 300 MB), and a data file is the rows' stored JSON joined, never
decoded and encoded again.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from nmr.render.site.public import PublicAccount

SCHEMA = """
CREATE TABLE rows (
    i INTEGER PRIMARY KEY,
    sort TEXT NOT NULL,         -- pinyin of the name, NUL, id: the directory's order
    official INTEGER NOT NULL,  -- listed, searchable
    closed INTEGER NOT NULL,
    page INTEGER NOT NULL,      -- has its own page
    closed_order TEXT NOT NULL, -- closed_on, NUL, id: the closed list runs newest first
    unit TEXT NOT NULL,
    platform TEXT NOT NULL,
    public TEXT NOT NULL,       -- PublicAccount as JSON (pages, registry.json, registry.csv)
    data TEXT NOT NULL,         -- what the verify box knows of it
    search TEXT                 -- what the search box knows of it (official accounts only)
);
CREATE TABLE shards (shard INTEGER NOT NULL, i INTEGER NOT NULL);
CREATE TABLE words (word TEXT NOT NULL, i INTEGER NOT NULL);
CREATE TEMP TABLE wanted (i INTEGER PRIMARY KEY);
"""


def compact(value: object) -> str:
    """JSON as the data files carry it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class RowStore:
    """A temporary database of the published accounts, removed when the build ends."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="nmr-site-")
        self._db = sqlite3.connect(Path(self._folder.name) / "rows.sqlite3")
        # a scratch database: nothing to recover after a crash, and a bounded page cache
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-16000;" + SCHEMA
        )
        self.count = 0

    def __enter__(self) -> RowStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._db.close()
        self._folder.cleanup()

    def add(
        self,
        account: PublicAccount,
        sort: str,
        data: dict[str, Any],
        search: dict[str, Any] | None,
        shards: Iterable[int],
        words: Iterable[str],
    ) -> None:
        index = self.count
        self.count += 1
        self._db.execute(
            "INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                index,
                f"{sort}\0{account.id}",
                account.is_official,
                account.is_closed,
                account.has_page,
                f"{account.closed_on or ''}\0{account.id}",
                account.unit,
                account.platform,
                compact(account.as_dict()),
                compact(data),
                compact(search) if search is not None else None,
            ),
        )
        self._db.executemany("INSERT INTO shards VALUES (?,?)", ((n, index) for n in shards))
        self._db.executemany("INSERT INTO words VALUES (?,?)", ((w, index) for w in words))

    def accounts(self, where: str, order: str = "sort", limit: int = -1) -> Iterator[PublicAccount]:
        """The accounts matching ``where`` (a fixed clause of this module's callers)."""
        query = f"SELECT public FROM rows WHERE {where} ORDER BY {order} LIMIT ?"
        for (text,) in self._db.execute(query, (limit,)):
            yield _account(text)

    def counted(self, where: str) -> int:
        (count,) = self._db.execute(f"SELECT count(*) FROM rows WHERE {where}").fetchone()
        return int(count)

    def shard_rows(self) -> Iterator[tuple[int, str]]:
        """(shard, the verify data of one of its accounts), by shard, in directory order."""
        yield from self._db.execute(
            "SELECT s.shard, r.data FROM shards s JOIN rows r ON r.i = s.i ORDER BY s.shard, r.sort"
        )

    def grouped_search(self, field: str) -> Iterator[tuple[str, str]]:
        """(unit or platform, the search data of one official account), grouped, in order."""
        column = {"unit": "unit", "platform": "platform"}[field]
        yield from self._db.execute(
            f"SELECT {column}, search FROM rows WHERE official ORDER BY {column}, sort"
        )

    def index_words(self) -> None:
        """Once every row is in: the words' index (built after the inserts, which it would slow)."""
        self._db.execute("CREATE INDEX words_by_word ON words (word, i)")

    def prefixes(self, prefix: str) -> list[str]:
        """The distinct prefixes one character longer than ``prefix`` that begin a word."""
        depth = len(prefix) + 1
        where, args = _under(prefix, inclusive=False)
        found = self._db.execute(
            f"SELECT DISTINCT substr(word, 1, ?) FROM words WHERE {where}",
            (depth, *args),
        )
        return sorted(text for (text,) in found if len(text) == depth)

    def accounts_under(self, prefix: str, *, exact: bool = False, limit: int = -1) -> list[int]:
        """The rows with a word that begins with ``prefix`` (or is it), at most ``limit``."""
        where, args = ("word = ?", (prefix,)) if exact else _under(prefix, inclusive=True)
        found = self._db.execute(
            f"SELECT DISTINCT i FROM words WHERE {where} LIMIT ?",
            (*args, limit),
        )
        return [index for (index,) in found]

    def search_rows(self, rows: Iterable[int]) -> list[str]:
        """The search data of ``rows``, in directory order."""
        self._db.execute("DELETE FROM wanted")
        self._db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((i,) for i in rows))
        found = self._db.execute(
            "SELECT r.search FROM wanted w JOIN rows r ON r.i = w.i ORDER BY r.sort"
        )
        return [text for (text,) in found]


def _range(prefix: str) -> tuple[str, str | None]:
    """[low, high): exactly the texts that begin with ``prefix`` (SQLite compares UTF-8 bytes,
    which order as code points do); no ``high`` when nothing sorts above them."""
    head = prefix
    while head:
        last = ord(head[-1]) + 1
        if 0xD800 <= last <= 0xDFFF:
            last = 0xE000  # surrogates are no characters: the next one is U+E000
        if last <= 0x10FFFF:
            return prefix, head[:-1] + chr(last)
        head = head[:-1]  # U+10FFFF has no successor: carry into the character before
    return prefix, None


def _under(prefix: str, *, inclusive: bool) -> tuple[str, tuple[str, ...]]:
    """The condition (an index range, never a scan) for the words that begin with ``prefix``:
    with ``inclusive``, ``prefix`` itself too."""
    low, high = _range(prefix)
    where = "word >= ?" if inclusive else "word > ?"
    return (where, (low,)) if high is None else (f"{where} AND word < ?", (low, high))


def _account(text: str) -> PublicAccount:
    return PublicAccount(**json.loads(text))
