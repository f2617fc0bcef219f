"""The check cache: a repeat check reads nothing it has seen, and never answers differently."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nmr.engine import run
from nmr.engine.cache import CACHE_DIR, INDEX_FIELDS, blob_hash, blob_hashes
from tests.conftest import REPO, TODAY, copy_registry, git, run_nmr

DAY = dt.date.fromisoformat(TODAY)
LAW = "accounts/law/law-wechat.yaml"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The account files the check reads and validates, in order."""
    seen: list[str] = []
    original = run.load_account

    def counting(root: Path, rel: str, *args: Any) -> Any:
        seen.append(rel)
        return original(root, rel, *args)

    monkeypatch.setattr(run, "load_account", counting)
    return seen


def _raise_reply_days(path: Path) -> None:
    text = path.read_text("utf-8")
    assert text.count("reply_commitment_days: 2") == 1
    path.write_text(text.replace("reply_commitment_days: 2", "reply_commitment_days: 9"), "utf-8")


def _as_json(outcome: run.Outcome) -> list[dict[str, Any]]:
    return [f.as_json("zh") for f in outcome.findings]


def test_a_repeat_check_reads_no_file_and_answers_the_same(
    registry: Path, parses: list[str]
) -> None:
    first = run.check(registry, DAY, jobs=1)
    assert len(parses) == 31
    parses.clear()
    second = run.check(registry, DAY, jobs=1)
    assert parses == []
    assert (
        _as_json(second)
        == _as_json(first)
        == _as_json(run.check(registry, DAY, jobs=1, use_cache=False))
    )


def test_an_edited_file_alone_is_read_again(registry: Path, parses: list[str]) -> None:
    run.check(registry, DAY, jobs=1)
    parses.clear()
    _raise_reply_days(registry / LAW)
    outcome = run.check(registry, DAY, jobs=1)
    assert parses == [LAW]
    assert [f.rule for f in outcome.findings if f.path == LAW] == ["reply-commitment"]


def test_a_policy_edit_or_another_day_starts_afresh(registry: Path, parses: list[str]) -> None:
    run.check(registry, DAY, jobs=1)
    folders = list((registry / CACHE_DIR / "v1").iterdir())
    policy = registry / "policy" / "policy.yaml"
    policy.write_text(policy.read_text("utf-8") + "\n# 一处修改\n", "utf-8")
    parses.clear()
    run.check(registry, DAY, jobs=1)
    assert len(parses) == 31
    after = list((registry / CACHE_DIR / "v1").iterdir())
    assert len(after) == 1 and after != folders  # the old fingerprint's folder is gone
    parses.clear()
    later = DAY.replace(year=DAY.year + 1, month=1, day=5)  # deadlines depend on the day
    cached = run.check(registry, later, jobs=1)
    assert len(parses) == 31
    assert _as_json(cached) == _as_json(run.check(registry, later, jobs=1, use_cache=False))
    assert any(f.rule == "annual-review-due" for f in cached.findings)


@pytest.mark.parametrize(
    "garbage",
    ["{not json", "[]", '{"x": 1}', None],
    ids=["broken", "a-list", "wrong-shape", "unknown-message"],
)
def test_a_damaged_cache_is_ignored(registry: Path, parses: list[str], garbage: str | None) -> None:
    expected = _as_json(run.check(registry, DAY, jobs=1, use_cache=False))
    run.check(registry, DAY, jobs=1)
    folder = next((registry / CACHE_DIR / "v1").iterdir())
    for name in ("index.json", f"{TODAY}.json"):
        path = folder / name
        if garbage is None:  # entries that name a message this tool does not have
            data = json.loads(path.read_text("utf-8"))
            for key, rows in data.items():
                for row in rows or []:
                    if isinstance(row, dict) and "message" in row:
                        row["message"] = {"m": "no.such.template", "a": []}
                data[key] = rows
            path.write_text(json.dumps(data), "utf-8")
        else:
            path.write_text(garbage, "utf-8")
    assert _as_json(run.check(registry, DAY, jobs=1)) == expected


def test_no_cache_writes_nothing_and_the_folder_can_move(registry: Path, tmp_path: Path) -> None:
    assert run_nmr("check", "--root", str(registry), "--today", TODAY, "--no-cache").code == 0
    assert not (registry / CACHE_DIR).exists()
    elsewhere = tmp_path / "elsewhere"
    result = subprocess.run(
        [sys.executable, "-m", "nmr", "check", "--root", str(registry), "--today", TODAY],
        capture_output=True,
        text=True,
        env={"NMR_CACHE_DIR": str(elsewhere), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not (registry / CACHE_DIR).exists() and list(elsewhere.rglob("index.json"))


def test_concurrent_runs_leave_a_readable_cache(registry: Path) -> None:
    command = [sys.executable, "-m", "nmr", "check", "--root", str(registry), "--today", TODAY]
    runs = [
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    assert [p.wait(timeout=120) for p in runs] == [0, 0, 0, 0]
    for path in (registry / CACHE_DIR).rglob("*.json"):
        json.loads(path.read_text("utf-8"))
    assert not list((registry / CACHE_DIR).rglob(".tmp-*"))


def test_a_pull_request_check_reads_only_its_files(tmp_path: Path, parses: list[str]) -> None:
    root = copy_registry(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    run.check(root, DAY, jobs=1)  # main's own check fills the cache
    git(root, "checkout", "-q", "-b", "pr")
    _raise_reply_days(root / LAW)
    parses.clear()
    outcome = run.check(root, DAY, jobs=1, base="main")
    assert parses == [LAW]
    assert {(f.path, f.rule) for f in outcome.findings if f.severity.value == "error"} == {
        (LAW, "reply-commitment")
    }


def test_blob_hashes_match_git_for_clean_dirty_and_untracked_files(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    (root / LAW).write_text("edited\n", "utf-8")
    (root / "accounts/law/new.yaml").write_text("new\n", "utf-8")
    paths = [LAW, "accounts/law/new.yaml", "accounts/law/law-weibo.yaml"]
    found = blob_hashes(root, paths)
    for path in paths:
        assert found[path] == blob_hash((root / path).read_bytes())
        assert found[path] == git(root, "hash-object", path).strip()
    assert REPO  # the bundled registry is never written to by these tests


def test_the_code_hash_covers_the_rules_and_the_models() -> None:
    """A changed rule must invalidate every cached result: the rules are in the hash."""
    from nmr.checks import RULES
    from nmr.engine.cache import code_files

    files = set(code_files())
    assert {"checks/duplicate_id.py", "schemas/models.py", "engine/run.py"} <= files
    assert len([name for name in files if name.startswith("checks/")]) > len(RULES)


def _repo(tmp_path: Path) -> Path:
    root = copy_registry(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def _poison(root: Path, path: str, **index: Any) -> None:
    """Rewrite what the cache says of ``path``: its index fields, and no findings."""
    folder = next((root / CACHE_DIR / "v1").iterdir())
    for name in ("index.json", f"{TODAY}.json"):
        data = json.loads((folder / name).read_text("utf-8"))
        for key in data:
            if key.startswith(path + " "):
                if name == "index.json":
                    data[key] = [
                        index.get(n, v) for n, v in zip(INDEX_FIELDS, data[key], strict=True)
                    ]
                else:
                    data[key] = []
        (folder / name).write_text(json.dumps(data), "utf-8")


def test_a_cache_committed_with_the_files_is_never_read(tmp_path: Path) -> None:
    """An impostor who forces a doctored .nmr-cache into a commit (here: saying the official
    account has another handle) cannot hide the copy of its handle."""
    root = _repo(tmp_path)
    official = "accounts/law/law-weibo.yaml"
    run.check(root, DAY, jobs=1)
    _poison(root, official, handle="someone-else", hkeys=["someone-else"])
    git(root, "add", "-f", CACHE_DIR)
    git(root, "commit", "-q", "-m", "a cache that vouches for the impostor")
    copy = (root / official).read_text("utf-8").replace("id: law-weibo", "id: law-weibo-copy")
    (root / "accounts/law/law-weibo-copy.yaml").write_text(copy, "utf-8")
    found = {(f.path, f.rule) for f in run.check(root, DAY, jobs=1).findings}
    assert ("accounts/law/law-weibo-copy.yaml", "duplicate-handle") in found


def test_a_pull_request_never_takes_its_own_files_from_the_cache(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    git(root, "checkout", "-q", "-b", "pr")
    _raise_reply_days(root / LAW)
    run.check(root, DAY, jobs=1)  # caches the changed file's (true) findings
    _poison(root, LAW)  # … now doctored to say it has none
    outcome = run.check(root, DAY, jobs=1, base="main")
    assert (LAW, "reply-commitment") in {(f.path, f.rule) for f in outcome.findings}


def test_an_index_row_round_trips_through_the_cache(tmp_path: Path) -> None:
    """The cached row is AccountIndex in field order with the look-alike keys last; a row of
    another length or with keys that are not lists is refused, never half read."""
    from nmr.engine.cache import _index_of

    assert INDEX_FIELDS[-2:] == ("hkeys", "nkeys")
    root = copy_registry(tmp_path / "repo")
    run.check(root, DAY, jobs=1)
    folder = next((root / CACHE_DIR / "v1").iterdir())
    rows = json.loads((folder / "index.json").read_text("utf-8"))
    fresh = {
        item.path: item for item in run.check(root, DAY, jobs=1, use_cache=False).registry.index
    }  # type: ignore[union-attr]
    for row in rows.values():
        if row is not None:
            assert _index_of(row) == fresh[row[0]]
    sample = next(row for row in rows.values() if row is not None)
    for bad in (
        sample[:-1],
        [*sample[:-1], "law"],
        {"path": sample[0]},
        [7, *sample[1:]],  # a number where the path belongs
        [*sample[:-1], [["law"]]],  # a key that is not text
    ):
        with pytest.raises(ValueError):
            _index_of(bad)
