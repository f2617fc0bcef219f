"""Golden cases: tests/cases/<rule>/pass|fail/*.yaml, each checked inside a copy of the registry.

A case names the base record it starts from and the lines it changes (see tests/casefile.py),
or is a whole file where the patch cannot carry what it tests. A failing case lists every
finding it must produce in its file (``# expect: <rule> <article|-> <line>:<col> <message part>
[warning]``): no more, no fewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.casefile import CaseText, Expected, assert_expected, parse, run
from tests.conftest import REPO, TODAY

CASES = REPO / "tests" / "cases"


@dataclass(frozen=True)
class Case:
    file: Path
    text: CaseText

    @property
    def id(self) -> str:
        return self.file.relative_to(CASES).as_posix()

    @property
    def target(self) -> str:
        return self.text.target

    @property
    def expected(self) -> tuple[Expected, ...]:
        return self.text.expected

    @property
    def today(self) -> str:
        return self.text.header.get("today", TODAY)


def load_case(file: Path) -> Case:
    return Case(file, parse(file.stem, file.read_bytes(), str(file)))


ALL_CASES = [
    load_case(file)
    for file in sorted(CASES.rglob("*.yaml"))
    if file.parent.name in ("pass", "fail")
]
PASSING = [case for case in ALL_CASES if case.file.parent.name == "pass"]
FAILING = [case for case in ALL_CASES if case.file.parent.name == "fail"]


def test_every_rule_has_cases() -> None:
    from nmr.checks import RULES
    from nmr.engine.matrix import all_rules
    from nmr.engine.ruledoc import read

    covered = {case.file.parent.parent.name for case in ALL_CASES}
    # A rule's own examples (tests/checks/test_rule_docs.py) are cases too, change rules' included.
    covered |= {rule.id for rule in RULES if any(not e.passes for e in read(rule.doc).examples)}
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


@pytest.mark.parametrize("case", PASSING, ids=lambda case: case.id)
def test_passing_case(case: Case, tmp_path: Path) -> None:
    assert run(case.text, tmp_path) == []


@pytest.mark.parametrize("case", FAILING, ids=lambda case: case.id)
def test_failing_case(case: Case, tmp_path: Path) -> None:
    assert_expected(run(case.text, tmp_path), case.expected)


def test_most_cases_are_a_base_and_a_patch() -> None:
    """A whole-file case is kept only for what a patch cannot carry (encodings, tabs…)."""
    patched = [case for case in ALL_CASES if "base" in case.text.header]
    assert len(patched) >= 0.8 * len(ALL_CASES), len(patched)
    for case in patched:
        built = case.text.build()
        assert built.endswith(b"\n") and case.text.header["base"] != case.file.stem
