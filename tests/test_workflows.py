"""Every workflow passes actionlint and zizmor (offline), run for real; actions are SHA-pinned."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed (pip install -e '.[dev]')"
    return found


def test_there_are_workflows() -> None:
    names = {path.name for path in WORKFLOWS}
    assert "deadlines.yml" in names


def test_actionlint() -> None:
    result = subprocess.run(
        [_tool("actionlint"), "-no-color", *map(str, WORKFLOWS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_offline() -> None:
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", "--format", "plain", *map(str, WORKFLOWS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr, result.stdout + result.stderr


USES = re.compile(r"^\s*-?\s*uses:\s*(\S+)(.*)$", re.M)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actions_are_pinned_to_full_shas_with_version_comments(workflow: Path) -> None:
    for action, rest in USES.findall(workflow.read_text(encoding="utf-8")):
        if action.startswith("./"):
            continue
        assert re.search(r"@[0-9a-f]{40}$", action), (
            f"{workflow.name}: {action} is not pinned to a full SHA"
        )
        assert re.search(r"#\s*v\d", rest), f"{workflow.name}: {action} has no version comment"


def test_pull_request_checks_run_the_base_branchs_tool() -> None:
    """No check installs the tool from the change it checks (GitHub and GitLab alike)."""
    import yaml

    for name in ("check.yml", "approvals.yml"):
        text = (REPO / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert 'git archive "origin/${BASE_REF}"' in text, name
        assert "pip install --quiet .\n" not in text, name
        workflow = yaml.safe_load(text)
        assert "edited" in workflow[True]["pull_request"]["types"], name  # a retargeted base
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    install = "\n".join(gitlab[".base-tool"]["before_script"])
    assert 'git archive "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in install
    assert "pip install --quiet /tmp/nmr-base" in install
    assert {gitlab[job]["extends"] for job in ("registry", "approvals")} == {".base-tool"}
    assert "nmr approvals --forge gitlab" in " ".join(gitlab["approvals"]["script"])
    pages = (REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert pages.index("run: nmr check") < pages.index("run: nmr render site")
