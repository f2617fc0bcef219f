"""The GitLab pipelines as gitlab-ci-local reads them (offline): GitLab's schema, which jobs a
merge request, a push to the default branch, a schedule and a manual run each start, and the
jobs as they run after ``extends`` (the base branch's tool, per-merge-request caches) — for
this tool's pipeline and for a registry made by ``nmr init``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, git, run_nmr_process

GCL = Path(sys.executable).parent.parent / "node" / "node_modules" / ".bin" / "gitlab-ci-local"
RUNS = {
    "merge_request_event": {"registry", "forms", "approvals"},
    "push": {"pages"},
    "schedule": {"reminders", "from-issues"},
    "web": {"from-issues"},
}


def gcl(root: Path, *args: str) -> str:
    assert GCL.is_file(), "gitlab-ci-local is not installed: run make test (npm install)"
    result = subprocess.run(
        [str(GCL), *args], cwd=root, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def pipelines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """This repository's pipeline and a fresh registry's, each in a git checkout of its own."""
    base = tmp_path_factory.mktemp("gcl")
    ours = base / "ours"
    ours.mkdir()
    (ours / ".gitlab-ci.yml").write_bytes((REPO / ".gitlab-ci.yml").read_bytes())
    fresh = base / "fresh"
    assert run_nmr_process("init", str(fresh), "--tool", "nmr==9.9.9").code == 0
    for root in (ours, fresh):
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "pipeline")
    return {"ours": ours, "fresh": fresh}


def jobs(root: Path, source: str) -> set[str]:
    listing = json.loads(
        gcl(
            root,
            "--list-json",
            "--variable",
            f"CI_PIPELINE_SOURCE={source}",
            "--variable",
            "CI_COMMIT_BRANCH=main",
            "--variable",
            "CI_DEFAULT_BRANCH=main",
        )
    )
    return {job["name"] for job in listing if job["when"] != "never"}


@pytest.mark.parametrize("which", ["ours", "fresh"])
@pytest.mark.parametrize("source", sorted(RUNS))
def test_each_pipeline_runs_the_right_jobs(
    pipelines: dict[str, Path], which: str, source: str
) -> None:
    assert jobs(pipelines[which], source) == RUNS[source]


def preview(root: Path) -> dict[str, Any]:
    return yaml.safe_load(gcl(root, "--preview"))  # type: ignore[no-any-return]


def test_merge_requests_run_the_target_branchs_tool_with_their_own_caches(
    pipelines: dict[str, Path],
) -> None:
    jobs = preview(pipelines["ours"])
    for name in ("registry", "forms", "approvals"):
        script = "\n".join(jobs[name]["before_script"])
        assert 'git archive "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in script, name
        assert "pip install --quiet /tmp/nmr-base" in script, name
        prefixes = [cache["key"]["prefix"] for cache in jobs[name]["cache"]]
        assert prefixes and all("$CI_MERGE_REQUEST_IID" in prefix for prefix in prefixes), name
    reports = jobs["registry"]["artifacts"]["reports"]
    assert reports == {"codequality": "gl-code-quality-report.json", "junit": "nmr-junit.xml"}
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert jobs["pages"]["script"] == ["nmr check", "nmr render site --out public"]
    assert jobs["forms"]["artifacts"]["paths"] == ["forms/"]


def test_a_data_only_registry_installs_the_pinned_tool_everywhere(
    pipelines: dict[str, Path],
) -> None:
    jobs = preview(pipelines["fresh"])
    assert jobs["variables"]["NMR_TOOL"] == "nmr==9.9.9"
    for name in RUNS["merge_request_event"] | RUNS["push"] | RUNS["schedule"]:
        script = "\n".join(jobs[name]["before_script"])
        assert script.endswith('python -m pip install --quiet "$NMR_TOOL"'), name
        assert "git archive" not in script and "install --quiet ." not in script, name
