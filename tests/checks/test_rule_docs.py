"""Every rule documents itself with examples, and every example does what it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from nmr.checks import RULES, custom_rule
from nmr.engine.api import builtin_rule_ids
from nmr.engine.base import Rule
from nmr.engine.ruledoc import Example, read
from tests.casefile import assert_expected, parse, run, run_change

EXAMPLES = [
    (rule, number, example)
    for rule in RULES
    for number, example in enumerate(read(rule.doc).examples, 1)
]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_has_a_summary_prose_and_examples_of_both_kinds(rule: Rule) -> None:
    doc = read(rule.doc)
    assert rule.id in rule.doc.splitlines()[0] and doc.summary and doc.prose
    assert {example.kind for example in doc.examples} == {"PASS", "FAIL"}, rule.id


def _of(rule: Rule, found: str) -> bool:
    """Whether a finding is the rule's: custom-rule reports under each custom rule's own id."""
    return found == rule.id or (rule is custom_rule.RULE and found not in builtin_rule_ids())


@pytest.mark.parametrize(
    ("rule", "number", "example"),
    EXAMPLES,
    ids=[f"{rule.id}-{number}-{example.kind}" for rule, number, example in EXAMPLES],
)
def test_example(rule: Rule, number: int, example: Example, tmp_path: Path) -> None:
    case = parse("doc-example", example.text.encode("utf-8"), f"{rule.id} example {number}")
    assert "base" in case.header, "an example names its base record"
    found = run_change(case, tmp_path) if rule.scope == "change" else run(case, tmp_path)
    of_rule = [finding for finding in found if _of(rule, finding["rule"])]
    if example.passes:
        assert of_rule == [], of_rule
        return
    assert of_rule, f"the FAIL example of {rule.id} finds nothing: {found}"
    if case.expected:
        assert_expected(found, case.expected)
