"""``nmr render site``: a static, self-contained public registry (no server, no CDN)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby, islice
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2

from nmr.engine.identity import handle_keys, name_keys, printable_key, prototype_table
from nmr.engine.matrix import general_rules, matrix
from nmr.engine.registry import Registry, account_paths, load_account, require_frame
from nmr.engine.run import check, today_in
from nmr.render.escape import spreadsheet
from nmr.render.output import owned_folder
from nmr.render.ruledocs import docs_url, help_uri
from nmr.render.site.public import (
    NOT_ABOUT_STANDING,
    PublicAccount,
    pinyin,
    public,
    search_text,
    sort_key,
)
from nmr.render.site.rows import RowStore, compact
from nmr.schemas.finding import Severity
from nmr.schemas.models import Policy
from nmr.schemas.text import art, article_label

HERE = Path(__file__).resolve().parent.parent
PAGE_SIZE = 50
CSV_COLUMNS = (
    ("id", "登记编号"),
    ("name", "新媒体昵称"),
    ("platform_label", "新媒体类型"),
    ("handle", "新媒体号"),
    ("url", "链接"),
    ("unit_name", "主办单位"),
    ("mission", "宗旨"),
    ("scope", "信息发布范围"),
    ("audience", "访问范围"),
    ("verified", "实名认证"),
    ("verification_subject", "认证主体"),
    ("verified_on", "认证日期"),
    ("opened_on", "开通日期"),
    ("registered_on", "备案日期"),
    ("status_label", "状态"),
    ("last_passed_review", "最近一次年检合格年度"),
    ("closed_on", "注销日期"),
)


@dataclass(frozen=True, slots=True)
class Built:
    out: Path
    active: int
    closed: int
    skipped: tuple[str, ...]  # records that do not pass the shape check are not published


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates" / "site"),
        autoescape=True,  # every record value is untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["article_label"] = article_label
    return environment


def data_date(root: Path, today: dt.date) -> str:
    """When the published data last changed, as the protected branch's history says.

    The first-parent history is that of the branch itself (its merges), not the dates
    contributors wrote into their own commits; and no date is ever later than today in
    the policy's timezone (a forged 2031 commit date must not reach the public page).
    """
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--first-parent", "--format=%cs", "--", "accounts", "policy"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        ).stdout.strip()
    except (FileNotFoundError, subprocess.TimeoutExpired):
        stamp = ""
    try:
        day = dt.date.fromisoformat(stamp)
    except ValueError:
        return today.isoformat()
    return min(day, today).isoformat()


def untrusted(root: Path, today: dt.date) -> set[str]:
    """Files with an error that bears on filing, approval or identity."""
    outcome = check(root, today, use_cache=False)  # a render writes nothing into the registry
    return {
        f.path
        for f in outcome.findings
        if f.severity is Severity.ERROR and f.rule not in NOT_ABOUT_STANDING
    }


@dataclass(slots=True)
class Tally:
    """What the pages say of the whole registry, counted while the rows are stored."""

    shards: int = 8  # verify shards, from the number of account files (known before any row)
    skipped: list[str] = field(default_factory=list)
    platforms: Counter[tuple[str, str]] = field(default_factory=Counter)
    units: set[tuple[str, str]] = field(default_factory=set)


def gather(registry: Registry, store: RowStore, distrusted: set[str] | None = None) -> Tally:
    """Every published account into ``store``, file by file (none is kept in memory)."""
    paths = account_paths(registry)
    tally = Tally(shard_count(len(paths)))  # an upper bound of the published accounts
    for path in paths:
        record = load_account(registry.root, path, registry.limits, registry.account_model).account
        if record is None:
            tally.skipped.append(path)
            continue
        account = record.account
        platform = registry.policy.platforms.get(account.platform)
        if account.purpose.audience not in registry.policy.published_audiences or (
            platform is not None and platform.group
        ):
            continue  # internal accounts and work groups: never published, nor joinable numbers
        trusted = path not in (distrusted or set())
        shown = public(account, registry.policy, registry.unit(account.unit), trusted)
        _store(store, shown, registry.policy, tally.shards)
        if shown.is_official:
            tally.platforms[(shown.platform, shown.platform_label)] += 1
            tally.units.add((shown.unit, shown.unit_name))
    return tally


def _store(store: RowStore, account: PublicAccount, policy: Policy, shards: int) -> None:
    row = _data_row(account, policy)
    search = {key: row[key] for key in SEARCH_FIELDS} if account.is_official else None
    store.add(
        account,
        sort_key(account)[0],
        {key: value for key, value in row.items() if key != "search"},
        search,
        {shard_of(key, shards) for key in _verify_keys(row)},
        search_words(row["search"]) if search is not None else (),
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def shard_of(key: str, shards: int) -> int:
    """FNV-1a over the key's UTF-16 code units, as site.js computes it: the verify shard."""
    value = 2166136261
    data = key.lower().encode("utf-16-le")
    for index in range(0, len(data), 2):
        value = ((value ^ (data[index] | data[index + 1] << 8)) * 16777619) & 0xFFFFFFFF
    return value % shards


def shard_count(accounts: int) -> int:
    """A power of two with about 64 accounts per shard (each account sits in a few).

    ``NMR_VERIFY_MIN_SHARDS`` raises the floor (the tests use many shards on a small registry,
    so that a text the box fails to derive a shard for shows as a wrong answer).
    """
    count = max(8, int(os.environ.get("NMR_VERIFY_MIN_SHARDS", "8") or 8))
    while count * 64 < accounts:
        count *= 2
    return count


def _url_keys(url: str) -> set[str]:
    """An account's own link as the verify box reads a pasted one: host and path, and the
    last path segment."""
    if not url:
        return set()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return set()
    host = (parts.hostname or "").lower()
    if port is not None and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host += f":{port}"
    segments = [part for part in parts.path.split("/") if part]
    keys = {host + parts.path.rstrip("/")}
    if segments:
        keys.add(printable_key(unquote(segments[-1])))
    return keys


def _verify_keys(row: dict[str, Any]) -> set[str]:
    """Every text the verify box may compare with this account: its shards."""
    keys = {row["hplain"], row["platform_id"], row["nplain"], *_url_keys(row["url"])}
    keys |= set(row["hkeys"]) | set(row["nkeys"])
    return {key for key in keys if key}


def _write_verify_data(out: Path, store: RowStore, shards: int, policy: Policy) -> None:
    """data/verify.js (the platforms and the shard count) and data/v/<n>.js: the verify box
    loads only the shards the typed text can hit, never the whole registry."""
    base = compact({"platforms": _platforms(policy), "shards": shards})
    _write(out / "data" / "verify.js", f"window.NMR_VERIFY = {_script_safe(base)};\n")
    written = set()
    for shard, rows in groupby(store.shard_rows(), key=lambda item: item[0]):
        _shard(out / "data" / "v" / f"{shard}.js", "NMR_V", shard, [text for _, text in rows])
        written.add(shard)
    for shard in set(range(shards)) - written:
        _shard(out / "data" / "v" / f"{shard}.js", "NMR_V", shard, [])


def _search_limit() -> int:
    """Accounts per search shard (a fuller bucket is cut by one more character).

    ``NMR_SEARCH_SHARD_SIZE`` lowers it: the tests split a small registry's buckets deeply.
    """
    return max(2, int(os.environ.get("NMR_SEARCH_SHARD_SIZE", "300") or 300))


SEARCH_DEPTH = 8
SEARCH_FIELDS = (
    "id",
    "name",
    "platform",
    "platform_label",
    "handle",
    "unit",
    "unit_name",
    "standing",
    "closed_on",
    "search",
)


def search_words(text: str) -> set[str]:
    """The words a search term may begin: each word of the search text and, for Chinese
    words, every tail, so that 法学院 finds 某某大学法学院 (site.js does the same)."""
    words = set(text.split())
    for word in list(words):
        if any("\u4e00" <= char <= "\u9fff" for char in word):
            words |= {word[start:] for start in range(1, len(word))}
    return words


class _Buckets:
    """The search's prefix buckets of at most _search_limit() accounts, each written to its
    pages as soon as it is final; ``manifest[prefix] = [number, split, pages]``. A split
    bucket keeps only the accounts with a word that is exactly its prefix.

    Each bucket is asked of the store's word index, so no more than one bucket's accounts is
    ever in memory, whatever the registry's size."""

    def __init__(self, out: Path, store: RowStore) -> None:
        self.folder = out / "data" / "s"
        self.store = store
        self.manifest: dict[str, list[object]] = {}

    def add(self, prefix: str = "") -> None:
        for longer in self.store.prefixes(prefix):
            depth = len(longer)
            limit = _search_limit()
            some = self.store.accounts_under(longer, limit=limit + 1)
            if len(some) <= limit or depth >= SEARCH_DEPTH:
                crowded = len(some) > limit  # a word many share: every page, first page first
                self._emit(longer, self.store.accounts_under(longer) if crowded else some, False)
                continue
            self._emit(longer, self.store.accounts_under(longer, exact=True), True)
            self.add(longer)

    def _emit(self, prefix: str, accounts: list[int], split: bool) -> None:
        number = len(self.manifest)
        # a word many accounts share: the box shows its first page and says there is more
        pages = _paged(self.folder, "NMR_S", number, self.store.search_rows(accounts))
        self.manifest[prefix] = [number, split, pages]


def _write_search_data(out: Path, store: RowStore, policy: Policy) -> None:
    """data/search.js (the prefix buckets) and data/s/<n>-<page>.js: the search box loads the
    bucket of the typed word; data/u|p/<n>-<page>.js serve the unit and platform filters."""
    store.index_words()
    buckets = _Buckets(out, store)
    buckets.add()
    base = {
        "platforms": _platforms(policy),
        "buckets": buckets.manifest,
        "units": _lists(out / "data" / "u", "NMR_U", store, "unit"),
        "pages": _lists(out / "data" / "p", "NMR_P", store, "platform"),
        "depth": SEARCH_DEPTH,
    }
    _write(out / "data" / "search.js", f"window.NMR_SEARCH = {_script_safe(compact(base))};\n")


def _lists(folder: Path, name: str, store: RowStore, field: str) -> dict[str, list[int]]:
    """The accounts of each unit (or platform) in pages of _search_limit(): value → [its
    number, its page count]; page ``k`` of number ``n`` is ``<folder>/<n>-<k>.js``."""
    found: dict[str, list[int]] = {}
    for number, (value, rows) in enumerate(groupby(store.grouped_search(field), lambda r: r[0])):
        found[value] = [number, _paged(folder, name, number, [text for _, text in rows])]
    return found


def _paged(folder: Path, name: str, number: int, rows: list[str]) -> int:
    """``rows`` (JSON texts) as ``<folder>/<number>-<page>.js`` of at most _search_limit()
    accounts each (one empty page when there are none); the number of pages."""
    size = _search_limit()
    pages = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    for page, chunk in enumerate(pages):
        _shard(folder / f"{number}-{page}.js", name, f"{number}-{page}", chunk)
    return len(pages)


def _shard(path: Path, name: str, key: object, rows: list[str]) -> None:
    body = "[" + ",".join(rows) + "]"  # the rows' stored JSON, joined as it is
    _write(
        path,
        f"(window.{name} = window.{name} || {{}})[{json.dumps(key)}] = {_script_safe(body)};\n",
    )


def _platforms(policy: Policy) -> dict[str, dict[str, object]]:
    return {
        key: {"label": p.label, "domains": p.domains, "case_sensitive": p.case_sensitive}
        for key, p in policy.platforms.items()
    }


def _data_row(a: PublicAccount, policy: Policy) -> dict[str, Any]:
    """What the search and verify boxes know of one account (public fields only)."""
    platform = policy.platforms.get(a.platform)
    sensitive = platform.case_sensitive if platform is not None else False
    handle_plain = printable_key(a.handle)
    return {
        "id": a.id,
        "name": a.name,
        "platform": a.platform,
        "platform_label": a.platform_label,
        "handle": a.handle,
        "platform_id": a.platform_id or "",
        "url": a.url or "",
        "unit": a.unit,
        "unit_name": a.unit_name,
        "standing": a.standing,
        "closed_on": a.closed_on or "",
        "page": a.has_page,
        "search": search_text(a),
        "hplain": handle_plain if sensitive else handle_plain.casefold(),
        "hkeys": sorted(handle_keys(a.handle, case_sensitive=sensitive)),
        "nplain": "".join(printable_key(a.name).split()).casefold(),
        "nkeys": sorted(name_keys(a.name)),
    }


def _prototypes_script() -> str:
    """Unicode's confusable prototypes, for the verify box to recognise look-alikes."""
    data = json.dumps(prototype_table(), ensure_ascii=True, separators=(",", ":"))
    return f"window.NMR_PROTOTYPES = {data};\n"


def _script_safe(data: str) -> str:
    """JSON inside a script: no </script>, no <!--, no line separators JavaScript rejects."""
    return (
        data.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csv_cell(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else spreadsheet(str(value))


def _write_csv(path: Path, accounts: Iterable[PublicAccount], policy: Policy) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\ufeff")  # BOM: Excel opens UTF-8 CSV correctly only with it
        writer = csv.writer(out, lineterminator="\r\n")
        extra = [field for field in policy.extra_fields if field.public]
        writer.writerow([title for _, title in CSV_COLUMNS] + [field.title for field in extra])
        for account in accounts:
            row = account.as_dict()
            writer.writerow(
                [_csv_cell(row[key]) for key, _ in CSV_COLUMNS]
                + [_csv_cell(account.extra.get(field.key)) for field in extra]
            )


def _write_json(path: Path, head: dict[str, object], accounts: Iterable[PublicAccount]) -> None:
    """registry.json as ``json.dumps(document, indent=1)`` writes it, one account at a time."""
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "accounts": [')
        separator = "\n  "
        for account in accounts:
            text = json.dumps(account.as_dict(), ensure_ascii=False, indent=1)
            out.write(separator + text.replace("\n", "\n  "))
            separator = ",\n  "
        out.write("\n ]\n}\n" if separator != "\n  " else "]\n}\n")


def build_site(root: Path, out: Path, today: dt.date | None = None) -> Built:
    registry = require_frame(root, units=True)
    now = today or today_in(registry.policy)
    distrusted = untrusted(root, now)
    day = data_date(root, now)
    with owned_folder(out, root, "site") as stage, RowStore() as store:
        tally = gather(registry, store, distrusted)
        active, closed = _build(registry, store, tally, stage, day)
    return Built(out, active, closed, tuple(tally.skipped))


OFFICIAL, CLOSED, PAGED = "official", "closed", "page"  # the store's columns: listed, closed, paged
NEWEST_CLOSED_FIRST = "closed_order DESC"


def _build(
    registry: Registry, store: RowStore, tally: Tally, out: Path, day: str
) -> tuple[int, int]:
    active_count, closed_count = store.counted(OFFICIAL), store.counted(CLOSED)
    (out / "assets").mkdir(parents=True)
    for asset in ("site.css", "site.js"):
        shutil.copy(HERE / "static" / asset, out / "assets" / asset)
    env = _environment()
    common = {
        "institution": registry.policy.institution,
        "measures": registry.policy.measures,
        "office": registry.approver_name,
        "forbidding_article": art("no-impersonation"),
        "data_date": day,
        "platforms": sorted(tally.platforms.items()),
        "units": sorted(tally.units, key=lambda unit: pinyin(unit[1])),
        "active_count": active_count,
        "closed_count": closed_count,
        "extra_titles": {field.key: field.title for field in registry.policy.extra_fields},
    }
    _write_listing(env, common, store, out)
    account_page = env.get_template("account.html.j2")
    for account in store.accounts(PAGED):
        _write(
            out / "a" / f"{account.id}.html",
            account_page.render(common, root="../", account=account),
        )
    _write(
        out / "rules.html",
        env.get_template("rules.html.j2").render(
            common,
            root="",
            rows=matrix(registry.policy),
            general=general_rules(registry.policy),
            help_uri=lambda rule_id: help_uri(rule_id, registry.policy),
            rules_url=docs_url(registry.policy),
        ),
    )
    _write_search_data(out, store, registry.policy)
    _write_verify_data(out, store, tally.shards, registry.policy)
    _write(out / "data" / "confusables.js", _prototypes_script())
    head = {"version": 1, "institution": registry.policy.institution, "data_date": day}
    _write_json(out / "registry.json", head, store.accounts("1"))
    _write_csv(out / "registry.csv", store.accounts("1"), registry.policy)
    return active_count, closed_count


@dataclass(frozen=True, slots=True)
class Listing:
    """A listing of accounts, PAGE_SIZE to a page: ``first``, then ``<folder>/<n>.html``."""

    template: str
    first: str
    folder: str
    variable: str  # what the template calls the page's accounts


OFFICIAL_LISTING = Listing("index.html.j2", "index.html", "list", "accounts")
CLOSED_LISTING = Listing("closed.html.j2", "closed.html", "closed", "closed")


def _write_listing(
    env: jinja2.Environment, common: dict[str, Any], store: RowStore, out: Path
) -> None:
    """index.html and list/<n>.html (the official accounts, with the newest closed ones on
    the first page); closed.html and closed/<n>.html (every closed account, newest first)."""
    newest_closed = list(store.accounts(CLOSED, NEWEST_CLOSED_FIRST, limit=5))
    official = store.accounts(OFFICIAL)
    _write_pages(
        env, OFFICIAL_LISTING, common["active_count"], official, common, out, closed=newest_closed
    )
    closed = store.accounts(CLOSED, NEWEST_CLOSED_FIRST)
    _write_pages(env, CLOSED_LISTING, common["closed_count"], closed, common, out)


def _write_pages(
    env: jinja2.Environment,
    listing: Listing,
    count: int,
    accounts: Iterator[PublicAccount],
    common: dict[str, Any],
    out: Path,
    **extra: object,
) -> None:
    pages = max(1, -(-count // PAGE_SIZE))
    template = env.get_template(listing.template)
    for page in range(1, pages + 1):
        chunk = list(islice(accounts, PAGE_SIZE))
        _write(
            out / (listing.first if page == 1 else f"{listing.folder}/{page}.html"),
            template.render(
                common,
                root="" if page == 1 else "../",
                page=page,
                pages=pages,
                **{listing.variable: chunk},
                **extra,
            ),
        )
