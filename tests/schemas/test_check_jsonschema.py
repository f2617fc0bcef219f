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

from tests.checks.test_cases import ALL_CASES, Case
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


def _shape_cases() -> list[Case]:
    return [
        case
        for case in ALL_CASES
        if case.target.startswith("accounts/")
        and case.target.count("/") == 2
        and case.file.parent.parent.name not in NOT_SHAPE
        and case.id not in YAML_1_1_ONLY
    ]


def test_bundled_accounts_pass_check_jsonschema() -> None:
    files = sorted((REPO / "accounts").rglob("*.yaml"))
    assert _check_jsonschema(files) == set()


def test_verdicts_agree_on_golden_cases() -> None:
    cases = _shape_cases()
    assert len(cases) > 50
    rejected = _check_jsonschema([case.file for case in cases])
    shape_rules = {"schema", "yaml-type-trap"}
    for case in cases:
        ours = any(expected.rule in shape_rules for expected in case.expected)
        ours = ours or case.id in SHAPE_REPORTED_AS_ARTICLE
        theirs = case.file.resolve().as_posix() in rejected
        assert ours == theirs, (
            f"{case.id}: nmr says {'bad' if ours else 'good'} shape, check-jsonschema disagrees"
        )
