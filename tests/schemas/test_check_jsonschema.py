"""The real check-jsonschema, with our generated schema, agrees with our shape verdicts.

"Shape" is what a JSON Schema can say: required keys, types, enums, patterns, unknown keys.
Rules beyond that (articles, dates, phone validity) must pass check-jsonschema, since the
records are well-shaped; records we reject for shape must fail it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from nmr.checks import RULES
from nmr.engine.ruledoc import read
from tests.casefile import CaseText, parse
from tests.checks.test_cases import ALL_CASES
from tests.conftest import REPO

SCHEMA = REPO / "schemas" / "account.schema.json"
# Loader rules are about the file, not the shape; check-jsonschema parses YAML 1.2, where
# `yes` and an unquoted date are text, so the 1.1 traps we report are not shape disagreements.
NOT_SHAPE = {
    "file-encoding",
    "file-layout",
    "yaml-alias",
    "yaml-duplicate-key",
    "yaml-tab",
    "yaml-multiple-documents",
    "yaml-syntax",
    "yaml-tag",
    "schema-modeline",
}
# An unknown key named like a secret is a shape error too; nmr reports it once, as 第九条.
SHAPE_REPORTED_AS_ARTICLE = {"no-secrets/fail/password-key.yaml"}
YAML_1_1_ONLY = {"yaml-type-trap/fail/bool-handle.yaml", "yaml-type-trap/fail/date-as-scope.yaml"}


def _check_jsonschema(files: list[Path]) -> set[str]:
    """The files check-jsonschema rejects."""
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert exe, "check-jsonschema is not installed (pip install -e '.[dev]')"
    completed = subprocess.run(
        [exe, "--schemafile", str(SCHEMA), "--output-format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(completed.stdout)
    failed = {Path(error["filename"]).resolve().as_posix() for error in report.get("errors", [])}
    failed |= {
        Path(error["filename"]).resolve().as_posix() for error in report.get("parse_errors", [])
    }
    return failed


def _all_cases() -> list[tuple[str, CaseText]]:
    """Golden case files and the rules' own examples (change rules aside: they need a diff)."""
    cases = [(case.id, case.text) for case in ALL_CASES]
    cases += [
        (f"{rule.id}#{number}", parse(f"example-{number}", example.text.encode(), rule.id))
        for rule in RULES
        if rule.scope != "change"
        for number, example in enumerate(read(rule.doc).examples, 1)
    ]
    return cases


def _shape_cases() -> list[tuple[str, CaseText]]:
    return [
        (case_id, text)
        for case_id, text in _all_cases()
        if text.target.startswith("accounts/")
        and text.target.count("/") == 2
        and case_id.split("/")[0].split("#")[0] not in NOT_SHAPE
        and case_id not in YAML_1_1_ONLY
    ]


def test_bundled_accounts_pass_check_jsonschema() -> None:
    files = sorted((REPO / "accounts").rglob("*.yaml"))
    assert _check_jsonschema(files) == set()


def test_verdicts_agree_on_golden_cases(tmp_path: Path) -> None:
    cases = _shape_cases()
    assert len(cases) > 100
    files = []
    for number, (_, text) in enumerate(cases):
        built = tmp_path / f"{number}.yaml"
        built.write_bytes(text.build())
        files.append(built)
    rejected = _check_jsonschema(files)
    # The schema lists the registry's platforms and units as enums (for editors); nmr reports
    # an unknown one with its own rule and article rather than as a shape error.
    shape_rules = {"schema", "yaml-type-trap", "platform-known", "unit-exists"}
    for (case_id, text), built in zip(cases, files, strict=True):
        ours = any(expected.rule in shape_rules for expected in text.expected)
        ours = ours or case_id in SHAPE_REPORTED_AS_ARTICLE
        theirs = built.resolve().as_posix() in rejected
        assert ours == theirs, (
            f"{case_id}: nmr says {'bad' if ours else 'good'} shape, check-jsonschema disagrees"
        )
