"""The site's row store: what it streams must be what the whole registry in memory would give."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from nmr.render.site import build
from nmr.render.site.public import PublicAccount
from nmr.render.site.rows import RowStore, _range


def _reference(
    pairs: list[tuple[str, int]], depth: int, out: dict[str, tuple[set[int], bool]]
) -> None:
    """The bucket rule stated on a list in memory (as the build did before it streamed)."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for word, index in pairs:
        groups.setdefault(word[:depth], []).append((word, index))
    for prefix, members in groups.items():
        accounts = {index for _, index in members}
        if len(accounts) <= build._search_limit() or depth >= build.SEARCH_DEPTH:
            out[prefix] = (accounts, False)
            continue
        out[prefix] = ({index for word, index in members if len(word) == depth}, True)
        _reference([(w, i) for w, i in members if len(w) > depth], depth + 1, out)


def _account(index: int) -> PublicAccount:
    return PublicAccount(
        id=f"acc-{index}",
        name=f"账号{index}",
        platform="weibo",
        platform_label="微博",
        handle=f"h{index}",
        platform_id=None,
        url=None,
        unit="law",
        unit_name="法学院",
        mission="m",
        scope="s",
        audience="公开",
        verified=True,
        verification_subject=None,
        verified_on=None,
        opened_on="2020-01-01",
        registered_on=None,
        status="active",
        standing="official",
        status_label="官方账号",
        last_passed_review=None,
        closed_on=None,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_buckets_from_the_store_equal_the_rule_on_the_whole_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Random words over a small alphabet (CJK, ASCII, an astral character, U+D7FF next to the
    surrogates): every prefix bucket the store yields holds exactly the accounts, and is split
    exactly where, the rule on the whole list in memory says."""
    monkeypatch.setenv("NMR_SEARCH_SHARD_SIZE", "4")
    rng = random.Random(seed)
    alphabet = ["法", "学", "院", "a", "b", "z", "\U0001f600", "\ud7ff", "\ue000", "1"]
    words = {
        i: {"".join(rng.choices(alphabet, k=rng.randint(1, 10))) for _ in range(6)}
        for i in range(60)
    }
    expected: dict[str, tuple[set[int], bool]] = {}
    _reference([(w, i) for i, ws in words.items() for w in ws], 1, expected)
    got: dict[str, tuple[set[int], bool]] = {}
    with RowStore() as store:
        for i in range(60):
            account = _account(i)
            store.add(
                account, f"{i:03d}", {"id": account.id}, {"id": account.id, "n": i}, (), words[i]
            )
        store.index_words()
        buckets = build._Buckets(tmp_path, store)
        buckets.add()
        for prefix, (number, split, pages) in buckets.manifest.items():
            rows = []
            for page in range(int(str(pages))):
                text = (tmp_path / "data" / "s" / f"{number}-{page}.js").read_text("utf-8")
                rows += json.loads(text.split("] = ", 1)[1].rstrip(";\n"))
            got[prefix] = ({row["n"] for row in rows}, bool(split))
    assert got == expected


@pytest.mark.parametrize("prefix", ["法", "a", "\ud7ff", "\U0010ffff", "ab\U0001f600"])
def test_a_prefix_range_holds_exactly_the_texts_that_begin_with_it(prefix: str) -> None:
    low, high = _range(prefix)

    def inside(text: str) -> bool:
        encoded = text.encode("utf-8")
        return low.encode("utf-8") <= encoded and (high is None or encoded < high.encode("utf-8"))

    for text in (prefix, prefix + "a", prefix + "\U0010ffff" * 3, prefix + "\U0001f600"):
        assert inside(text), text
    before = chr(ord(prefix[-1]) - 1)
    for text in (prefix[:-1], prefix[:-1] + before + "z", prefix[:-1] + "\U0010ffff" + "a"):
        if not text.startswith(prefix):
            assert not inside(text), text
    after = ord(prefix[-1]) + 1
    after = 0xE000 if 0xD800 <= after <= 0xDFFF else after  # no text holds a surrogate
    if after <= 0x10FFFF:
        assert not inside(prefix[:-1] + chr(after))


@pytest.mark.parametrize("count", [0, 1, 3])
def test_registry_json_streams_what_json_dumps_writes(tmp_path: Path, count: int) -> None:
    accounts = [_account(i) for i in range(count)]
    head = {"version": 1, "institution": "某大学", "data_date": "2026-11-24"}
    build._write_json(tmp_path / "registry.json", head, iter(accounts))
    whole = {**head, "accounts": [a.as_dict() for a in accounts]}
    expected = json.dumps(whole, ensure_ascii=False, indent=1) + "\n"
    assert (tmp_path / "registry.json").read_text("utf-8") == expected


def test_every_listing_is_paged_and_lists_each_account_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Official and closed accounts, PAGE_SIZE to a page, each page linked to the next."""
    import re

    from tests.conftest import TODAY, copy_registry

    monkeypatch.setattr(build, "PAGE_SIZE", 1)
    registry = copy_registry(tmp_path / "registry")
    out = tmp_path / "site"
    built = build.build_site(registry, out, dt.date.fromisoformat(TODAY))
    for listing, count in (
        (build.OFFICIAL_LISTING, built.active),
        (build.CLOSED_LISTING, built.closed),
    ):
        pages = [out / listing.first] + [
            out / listing.folder / f"{n}.html" for n in range(2, count + 1)
        ]
        assert not (out / listing.folder / f"{len(pages) + 1}.html").exists()
        ids = []
        for number, page in enumerate(pages, start=1):
            html = page.read_text("utf-8")
            if listing is build.OFFICIAL_LISTING and number == 1:
                html = html.split('id="closed-title"')[0]  # the newest closed, shown apart
            ids += re.findall(r'href="(?:\.\./)?a/([^"]+)\.html"', html)
            if number < len(pages):
                assert f'{listing.folder}/{number + 1}.html" rel="next"' in html
        records = json.loads((out / "registry.json").read_text("utf-8"))["accounts"]
        wanted = {
            r["id"]
            for r in records
            if (r["status"] == "closed") == (listing is build.CLOSED_LISTING)
            and (r["standing"] in ("official", "rectifying") or r["status"] == "closed")
        }
        assert sorted(ids) == sorted(wanted) and len(ids) == count
