"""The issue forms are generated from policy/, committed, and valid for both forges."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from nmr.engine.registry import load_frame
from nmr.render.issue_forms import forms
from nmr.schemas.text import use_policy_names
from tests.conftest import REPO, copy_registry, run_nmr_process
from tests.test_workflows import _tool


def test_committed_forms_match_the_policy() -> None:
    result = run_nmr_process("forms", "--check", "--root", str(REPO))
    assert result.code == 0, result.stdout


def test_github_accepts_the_forms_and_the_config() -> None:
    folder = REPO / ".github/ISSUE_TEMPLATE"
    for schema, files in (
        (
            "vendor.github-issue-forms",
            sorted(p for p in folder.glob("*.yml") if p.name != "config.yml"),
        ),
        ("vendor.github-issue-config", [folder / "config.yml"]),
    ):
        assert files
        result = subprocess.run(
            [_tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_choices_are_the_registrys_own() -> None:
    registry, _ = load_frame(REPO)
    assert registry is not None
    use_policy_names(registry.names)
    register = yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE/register.yml").read_text("utf-8"))
    options = {
        item["id"]: item["attributes"].get("options") for item in register["body"] if "id" in item
    }
    assert options["platform"] == list(registry.policy.platform_labels.values())
    assert options["unit"] == [unit.name for unit in registry.units]
    ids = [item.id for form in forms(registry) for item in form.fields]
    assert "handle" in ids and "admin" in ids and "closed_on" in ids


def test_a_new_unit_makes_the_forms_drift(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    assert run_nmr_process("forms", "--root", str(root)).code == 0
    units = root / "policy/units.yaml"
    units.write_text(
        units.read_text("utf-8").replace("name: 图书馆", "name: 图书与档案馆"), "utf-8"
    )
    drift = run_nmr_process("forms", "--check", "--root", str(root))
    assert drift.code == 1
    assert ".github/ISSUE_TEMPLATE/register.yml 与 policy/ 不一致" in drift.stdout
    assert ".gitlab/issue_templates/登记新账号.md 与 policy/ 不一致" in drift.stdout
