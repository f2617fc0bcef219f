"""Shared helpers: a throw-away copy of the bundled registry, and ways to run ``nmr``."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nmr.cli import main

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-24"  # pinned: tests never depend on the machine's clock


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)  # type: ignore[no-any-return]


def copy_registry(target: Path, *, accounts: bool = True) -> Path:
    """A copy of the bundled policy/ (and accounts/) in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "policy", target / "policy")
    if accounts:
        shutil.copytree(REPO / "accounts", target / "accounts")
    else:
        (target / "accounts").mkdir()
    return target


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return copy_registry(tmp_path / "registry")


def run_nmr(*args: str) -> Result:
    """``nmr`` in-process (fast); exceptions propagate, so a traceback fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


def run_nmr_process(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Result:
    """``nmr`` as a real process: what a user sees, tracebacks included."""
    environment = {**os.environ, **(env or {})}
    completed = subprocess.run(
        [sys.executable, "-m", "nmr", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        check=False,
        timeout=120,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


def check_json(root: Path, *extra: str) -> dict[str, Any]:
    """``nmr check --format json``; a later ``--today`` in ``extra`` overrides the pinned one."""
    result = run_nmr("check", "--root", str(root), "--format", "json", "--today", TODAY, *extra)
    assert result.code in (0, 1), result.stderr
    return result.json()


def findings_at(report: dict[str, Any], path: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["path"] == path]


def copy_project(target: Path) -> Path:
    """The project's files as they are in the working tree (tracked and new, not ignored)."""
    listing = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listing.split("\0")):
        source = REPO / name
        destination = target / name
        if source.is_symlink():  # nmr/checks → ../checks: the package's folders
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.symlink_to(source.readlink())
            continue
        if not source.is_file():
            continue  # deleted in the working tree
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    return target


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.email=ci@example.org", "-c", "user.name=CI", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


VENV_BIN = Path(sys.executable).parent


def tool_env(**extra: str) -> dict[str, str]:
    """This environment with the project's tools first on PATH and today pinned."""
    return {
        **os.environ,
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "NMR_TODAY": TODAY,
        **extra,
    }
