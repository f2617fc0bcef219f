"""Whatever a unit saves, ``nmr check --format json`` answers with JSON and exit 0 or 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, TODAY, copy_registry, run_nmr

SOURCE = (REPO / "accounts/law/law-wechat.yaml").read_text(encoding="utf-8")
RECORD = yaml.safe_load(SOURCE)
ROOT_DIR: dict[str, Path] = {}


def _root(tmp_path_factory: Any) -> Path:
    if "root" not in ROOT_DIR:
        ROOT_DIR["root"] = copy_registry(tmp_path_factory.mktemp("fuzz"), accounts=False)
    return ROOT_DIR["root"]


def _check(root: Path, data: bytes) -> None:
    target = root / "accounts/law/law-wechat.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    result = run_nmr("check", "--root", str(root), "--format", "json", "--today", TODAY)
    assert result.code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["version"] == 1
    for finding in report["findings"]:
        assert finding["line"] >= 1 and finding["column"] >= 1


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(["yes", "no", "on", "0123", "１２３", "2016-02-30", "<script>"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*prefix, index))
    return out


PATHS = [path for path in _paths(RECORD) if path]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.sampled_from(PATHS), value=values, delete=st.booleans())
def test_mutated_records(
    tmp_path_factory: Any, path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    record = json.loads(json.dumps(RECORD, default=str))
    parent = record
    for part in path[:-1]:
        parent = parent[part]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    _check(_root(tmp_path_factory), text.encode("utf-8"))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path_factory: Any, data: bytes) -> None:
    _check(_root(tmp_path_factory), data)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=0, max_value=len(SOURCE)), junk=st.text(max_size=10))
def test_damaged_text(tmp_path_factory: Any, cut: int, junk: str) -> None:
    _check(
        _root(tmp_path_factory),
        (SOURCE[:cut] + junk + SOURCE[cut:]).encode("utf-8", "surrogatepass"),
    )
