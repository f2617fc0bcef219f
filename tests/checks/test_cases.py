"""Golden cases: tests/cases/<rule>/pass|fail/*.yaml, each checked inside a copy of the registry.

A case file states where it goes (``# path:``) and, for failing cases, every finding it must
produce in that file (``# expect: <rule> <article|-> <line>:<col> <message part> [warning]``).
The findings in the case file must be exactly those: no more, no fewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, check_json, copy_registry, findings_at

CASES = REPO / "tests" / "cases"
EXPECT = re.compile(r"^# expect: (\S+) (\d+|-) (\d+):(\d+) (.+?)( warning)?$")


@dataclass(frozen=True)
class Expected:
    rule: str
    article: int | None
    line: int
    column: int
    message: str
    severity: str


@dataclass(frozen=True)
class Case:
    file: Path
    target: str
    expected: tuple[Expected, ...]
    today: str = TODAY

    @property
    def id(self) -> str:
        return self.file.relative_to(CASES).as_posix()


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")  # the GBK case file is GBK on purpose


def load_case(file: Path) -> Case:
    text = _text(file.read_bytes())
    target = f"accounts/law/{file.stem}.yaml"
    path = re.search(r"^# path: (\S+)$", text, re.M)
    if path and path.group(1) != "(default)":
        target = path.group(1)
    expected = []
    for line in text.splitlines():
        match = EXPECT.match(line)
        if match:
            rule, article, row, column, message, warning = match.groups()
            expected.append(
                Expected(
                    rule,
                    None if article == "-" else int(article),
                    int(row),
                    int(column),
                    message,
                    "warning" if warning else "error",
                )
            )
    today = re.search(r"^# today: (\S+)$", text, re.M)
    return Case(file, target, tuple(expected), today.group(1) if today else TODAY)


ALL_CASES = [load_case(file) for file in sorted(CASES.rglob("*.yaml"))]
PASSING = [case for case in ALL_CASES if case.file.parent.name == "pass"]
FAILING = [case for case in ALL_CASES if case.file.parent.name == "fail"]


def test_every_rule_has_cases() -> None:
    from nmr.checks import RULES
    from nmr.engine.matrix import all_rules

    covered = {case.file.parent.parent.name for case in ALL_CASES}
    # Change rules need git history: tests/checks/test_change.py builds real repositories.
    change_tests = (REPO / "tests" / "checks" / "test_change.py").read_text(encoding="utf-8")
    covered |= {
        rule.id for rule in RULES if rule.scope == "change" and f'"{rule.id}"' in change_tests
    }
    untested = {info.id for info in all_rules()} - covered
    # These need files a YAML text case cannot be: tested in tests/schemas/test_source.py.
    assert untested <= {
        "file-too-large",
        "file-binary",
        "file-empty",
        "file-not-regular",
        "yaml-too-deep",
    }, untested


def test_failing_cases_state_their_findings() -> None:
    for case in FAILING:
        assert case.expected, f"{case.id} has no '# expect:' line"
        assert case.file.parent.parent.name in {e.rule for e in case.expected}, case.id


def run_case(case: Case, tmp_path: Path) -> list[dict[str, object]]:
    root = copy_registry(tmp_path / "registry")
    target = root / case.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.file.read_bytes())
    return findings_at(check_json(root, "--today", case.today), case.target)


@pytest.mark.parametrize("case", PASSING, ids=lambda case: case.id)
def test_passing_case(case: Case, tmp_path: Path) -> None:
    assert run_case(case, tmp_path) == []


@pytest.mark.parametrize("case", FAILING, ids=lambda case: case.id)
def test_failing_case(case: Case, tmp_path: Path) -> None:
    found = run_case(case, tmp_path)
    got = sorted((f["rule"], f["article"], f["line"], f["column"], f["severity"]) for f in found)
    want = sorted((e.rule, e.article, e.line, e.column, e.severity) for e in case.expected)
    assert got == want, found
    for expected in case.expected:
        finding = next(
            f
            for f in found
            if (f["rule"], f["line"], f["column"])
            == (expected.rule, expected.line, expected.column)
        )
        assert expected.message in finding["message"], finding
        assert finding["hint"], finding
