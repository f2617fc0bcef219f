"""``nmr render site``: a static, self-contained public registry (no server, no CDN)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from functools import cache
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


def collect(
    registry: Registry, distrusted: set[str] | None = None
) -> tuple[list[PublicAccount], list[str]]:
    accounts, skipped = [], []
    for path in account_paths(registry):
        record = load_account(registry.root, path, registry.limits, registry.account_model).account
        if record is None:
            skipped.append(path)
            continue
        account = record.account
        platform = registry.policy.platforms.get(account.platform)
        if account.purpose.audience not in registry.policy.published_audiences or (
            platform is not None and platform.group
        ):
            continue  # internal accounts and work groups: never published, nor joinable numbers
        trusted = path not in (distrusted or set())
        accounts.append(public(account, registry.policy, registry.unit(account.unit), trusted))
    accounts.sort(key=sort_key)
    return accounts, skipped


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


def _verify_shards(rows: list[dict[str, Any]]) -> tuple[int, dict[int, list[dict[str, Any]]]]:
    shards = shard_count(len(rows))
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        public = {key: value for key, value in row.items() if key != "search"}
        for shard in sorted({shard_of(key, shards) for key in _verify_keys(row)}):
            found.setdefault(shard, []).append(public)
    return shards, found


def _write_verify_data(out: Path, rows: list[dict[str, Any]], policy: Policy) -> None:
    """data/verify.js (the platforms and the shard count) and data/v/<n>.js: the verify box
    loads only the shards the typed text can hit, never the whole registry."""
    shards, found = _verify_shards(rows)
    base = json.dumps(
        {"platforms": _platforms(policy), "shards": shards},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    _write(out / "data" / "verify.js", f"window.NMR_VERIFY = {_script_safe(base)};\n")
    for shard in range(shards):
        body = json.dumps(found.get(shard, []), ensure_ascii=False, separators=(",", ":"))
        _write(
            out / "data" / "v" / f"{shard}.js",
            f"(window.NMR_V = window.NMR_V || {{}})[{shard}] = {_script_safe(body)};\n",
        )


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


def _buckets(
    pairs: list[tuple[str, int]], depth: int, out: dict[str, tuple[set[int], bool]]
) -> None:
    """Prefix buckets of at most _search_limit() accounts: ``out[prefix] = (accounts, split)``;
    a split bucket keeps only the accounts with a word that is exactly its prefix."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for word, index in pairs:
        groups.setdefault(word[:depth], []).append((word, index))
    for prefix, members in groups.items():
        accounts = {index for _, index in members}
        if len(accounts) <= _search_limit() or depth >= SEARCH_DEPTH:
            out[prefix] = (accounts, False)
            continue
        out[prefix] = ({index for word, index in members if len(word) == depth}, True)
        _buckets([(w, i) for w, i in members if len(w) > depth], depth + 1, out)


def _write_search_data(out: Path, rows: list[dict[str, Any]], policy: Policy) -> None:
    """data/search.js (the prefix buckets) and data/s/<n>.js: the search box loads the bucket
    of the typed word; data/u/<unit>.js and data/p/<platform>-<n>.js serve the filters."""
    shown = [
        {key: row[key] for key in SEARCH_FIELDS}
        for row in rows
        if row["standing"] in ("official", "rectifying")
    ]
    pairs = [
        (word, index) for index, row in enumerate(shown) for word in search_words(row["search"])
    ]
    buckets: dict[str, tuple[set[int], bool]] = {}
    _buckets(pairs, 1, buckets)
    manifest: dict[str, list[object]] = {}
    for number, (prefix, (accounts, split)) in enumerate(sorted(buckets.items())):
        members = [shown[i] for i in sorted(accounts)]
        # a word many accounts share: the box shows its first page and says there is more
        pages = _paged(out / "data" / "s", "NMR_S", number, members)
        manifest[prefix] = [number, split, pages]
    base = {
        "platforms": _platforms(policy),
        "buckets": manifest,
        "units": _lists(out / "data" / "u", "NMR_U", shown, "unit"),
        "pages": _lists(out / "data" / "p", "NMR_P", shown, "platform"),
        "depth": SEARCH_DEPTH,
    }
    text = json.dumps(base, ensure_ascii=False, separators=(",", ":"))
    _write(out / "data" / "search.js", f"window.NMR_SEARCH = {_script_safe(text)};\n")


def _lists(folder: Path, name: str, rows: list[dict[str, Any]], field: str) -> dict[str, list[int]]:
    """The accounts of each unit (or platform) in pages of _search_limit(): value → [its
    number, its page count]; page ``k`` of number ``n`` is ``<folder>/<n>-<k>.js``."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row[field], []).append(row)
    return {
        value: [number, _paged(folder, name, number, members)]
        for number, (value, members) in enumerate(sorted(groups.items()))
    }


def _paged(folder: Path, name: str, number: int, rows: list[dict[str, Any]]) -> int:
    """``rows`` as ``<folder>/<number>-<page>.js`` of at most _search_limit() accounts each
    (one empty page when there are none); the number of pages."""
    size = _search_limit()
    pages = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    for page, chunk in enumerate(pages):
        _shard(folder / f"{number}-{page}.js", name, f"{number}-{page}", chunk)
    return len(pages)


def _shard(path: Path, name: str, key: object, rows: list[dict[str, Any]]) -> None:
    body = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    _write(
        path,
        f"(window.{name} = window.{name} || {{}})[{json.dumps(key)}] = {_script_safe(body)};\n",
    )


def _platforms(policy: Policy) -> dict[str, dict[str, object]]:
    return {
        key: {"label": p.label, "domains": p.domains, "case_sensitive": p.case_sensitive}
        for key, p in policy.platforms.items()
    }


def _data_rows(accounts: list[PublicAccount], policy: Policy) -> list[dict[str, Any]]:
    """What the search and verify boxes know of each account (public fields only)."""
    rows = []
    for a in accounts:
        platform = policy.platforms.get(a.platform)
        sensitive = platform.case_sensitive if platform is not None else False
        handle_plain = printable_key(a.handle)
        rows.append(
            {
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
        )
    return rows


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


def _csv(accounts: list[PublicAccount], policy: Policy) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    extra = [field for field in policy.extra_fields if field.public]
    writer.writerow([title for _, title in CSV_COLUMNS] + [field.title for field in extra])
    for account in accounts:
        row = account.as_dict()
        writer.writerow(
            [_csv_cell(row[key]) for key, _ in CSV_COLUMNS]
            + [_csv_cell(account.extra.get(field.key)) for field in extra]
        )
    return "\ufeff" + buffer.getvalue()  # BOM: Excel opens UTF-8 CSV correctly only with it


def build_site(root: Path, out: Path, today: dt.date | None = None) -> Built:
    registry = require_frame(root, units=True)
    now = today or today_in(registry.policy)
    accounts, skipped = collect(registry, untrusted(root, now))
    day = data_date(root, now)
    with owned_folder(out, root, "site") as stage:
        active, closed = _build(registry, accounts, stage, day)
    return Built(out, active, closed, tuple(skipped))


def _build(
    registry: Registry, accounts: list[PublicAccount], out: Path, day: str
) -> tuple[int, int]:
    active = [a for a in accounts if a.is_official]  # listed: only what is official now
    closed = sorted(
        (a for a in accounts if a.is_closed), key=lambda a: (a.closed_on or "", a.id), reverse=True
    )
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
        "platforms": sorted(Counter((a.platform, a.platform_label) for a in active).items()),
        "units": sorted({(a.unit, a.unit_name) for a in active}, key=lambda unit: pinyin(unit[1])),
        "active_count": len(active),
        "closed_count": len(closed),
        "extra_titles": {field.key: field.title for field in registry.policy.extra_fields},
    }
    pages = max(1, -(-len(active) // PAGE_SIZE))
    for page in range(1, pages + 1):
        chunk = active[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        name = "index.html" if page == 1 else f"list/{page}.html"
        prefix = "" if page == 1 else "../"
        _write(
            out / name,
            env.get_template("index.html.j2").render(
                common, root=prefix, accounts=chunk, page=page, pages=pages, closed=closed[:5]
            ),
        )
    account_page = env.get_template("account.html.j2")
    for account in (a for a in accounts if a.has_page):
        _write(
            out / "a" / f"{account.id}.html",
            account_page.render(common, root="../", account=account),
        )
    _write(
        out / "closed.html",
        env.get_template("closed.html.j2").render(common, root="", closed=closed),
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
    rows = _data_rows(accounts, registry.policy)
    _write_search_data(out, rows, registry.policy)
    _write_verify_data(out, rows, registry.policy)
    _write(out / "data" / "confusables.js", _prototypes_script())
    document = {
        "version": 1,
        "institution": registry.policy.institution,
        "data_date": common["data_date"],
        "accounts": [a.as_dict() for a in accounts],
    }
    _write(out / "registry.json", json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    (out / "registry.csv").write_text(_csv(accounts, registry.policy), encoding="utf-8", newline="")
    return len(active), len(closed)
