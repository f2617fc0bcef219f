"""The documents tell the truth: the commands they show run as written, the artifact they
send units to exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

FIRST = (REPO / "docs/第一次提交.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_nmr_runs_as_written_once_the_venv_is_activated() -> None:
    """README: `. .venv/bin/activate`, then every `nmr …` line works as typed."""
    venv = Path(sys.executable).parent.parent
    assert ". .venv/bin/activate" in README and "/bin/activate" in FIRST
    result = subprocess.run(
        ["bash", "-c", f". {venv}/bin/activate && command -v nmr && nmr rules --format json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{venv}/bin/nmr"


def test_the_first_filing_needs_no_software() -> None:
    """No step before the optional note asks for nmr: the forms come from the check's artifact."""
    assert FIRST.startswith("# 第一次提交") and "不需要安装任何软件" in FIRST
    steps = FIRST.split("## ", 1)[0]
    required = re.sub(r"（在自己电脑上装了本工具的同事[^）]*）", "", steps)
    assert "nmr " not in required.replace("`nmr render forms`", "")
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    uploads = [
        step["with"]["name"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("actions/upload-artifact")
    ]
    artifact = re.search(r"下载附件“(.+?)”", FIRST)
    assert artifact is not None and artifact.group(1) in uploads


def test_units_are_told_how_to_replace_the_commitment_when_heads_change() -> None:
    section = FIRST.split("## 负责人换人后，重新签承诺书", 1)[1]
    assert "until" in section and "since" in section and "commitment" in section
    assert "--kind commitment" in section


def test_the_readme_shows_three_commands_from_zero_to_a_registry() -> None:
    section = README.split("## 其他单位如何采用", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in section.strip().splitlines()]
    assert len(commands) == 3
    install, init, check = commands
    assert install.startswith('python -m pip install "nmr @ git+https://github.com/culr/nmr@v')
    assert init.startswith("nmr init ") and check.startswith("nmr check --root ")
    folder = init.split()[2]
    assert check.split()[-1] == folder  # the third checks what the second made
