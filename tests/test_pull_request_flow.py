"""The pull-request path for real: check.yml's steps, CODEOWNERS, pre-commit."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from nmr.engine.registry import load_frame
from nmr.render.codeowners import codeowners
from tests.conftest import (
    REPO,
    VENV_BIN,
    copy_project,
    copy_registry,
    git,
    run_nmr_process,
    tool_env,
)

LAW = "accounts/law/law-wechat.yaml"
OLD_ADMIN = (
    '  - {name: 熊丽, title: 新媒体管理员, phone: "010-63080735", email: xiongli@culr.edu.cn}'
)
NEW_ADMIN = (
    '  - {name: 王芳, title: 新媒体管理员, phone: "13911112222", email: wangfang@culr.edu.cn}'
)


# ---- CODEOWNERS (第七条)


def test_committed_codeowners_matches_units() -> None:
    result = run_nmr_process("codeowners", "--check", "--root", str(REPO))
    assert result.code == 0, result.stdout


def test_codeowners_routes_units_and_guides(tmp_path: Path) -> None:
    registry, _ = load_frame(REPO)
    assert registry is not None and registry.units_file is not None
    text = codeowners(registry.policy, registry.units_file)
    lines = text.splitlines()
    # the approver unit only: a unit's own team on the line could approve its own filing
    assert "/accounts/law/ @culr/publicity" in lines
    assert not [line for line in lines if line.startswith("/accounts/") and "@culr/law" in line]
    assert "/accounts/student-union/ @culr/publicity @culr/youth-league" in lines
    assert (
        "/accounts/graduate-union/ @culr/publicity @culr/student-affairs @culr/youth-league"
        in lines
    )
    # The tool's code, its pins and the CI files decide verdicts: owned like the rules.
    for shared in (
        "/policy/",
        "/schemas/",
        "/checks/",
        "/render/",
        "/nmr/",
        "/pyproject.toml",
        "/.github/",
        "/.gitlab/",
        "/.gitlab-ci.yml",
        "/.ci/",
    ):
        assert f"{shared} @culr/publicity @culr/nmr-maintainers" in lines
    assert lines.index("* @culr/nmr-maintainers") < lines.index(
        "/policy/ @culr/publicity @culr/nmr-maintainers"
    )


def test_codeowners_check_fails_on_drift(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    assert run_nmr_process("codeowners", "--root", str(root)).code == 0
    assert run_nmr_process("codeowners", "--check", "--root", str(root)).code == 0
    units = root / "policy/units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            'team: "@culr/youth-league"', 'team: "@culr/league"'
        ),
        encoding="utf-8",
    )
    drift = run_nmr_process("codeowners", "--check", "--root", str(root))
    assert drift.code == 1 and "不一致" in drift.stdout
    assert run_nmr_process("codeowners", "--root", str(root)).code == 0
    # GitLab's copy (it reads only the root, docs/ or .gitlab/) is drift-checked as well.
    gitlab = root / ".gitlab/CODEOWNERS"
    assert gitlab.read_text(encoding="utf-8") == (root / ".github/CODEOWNERS").read_text("utf-8")
    gitlab.write_text(gitlab.read_text(encoding="utf-8") + "/accounts/ @someone\n", "utf-8")
    drift = run_nmr_process("codeowners", "--check", "--root", str(root))
    assert drift.code == 1
    assert ".gitlab/CODEOWNERS 与 policy/ 不一致" in drift.stdout
    assert ".github/CODEOWNERS 与 policy/ 一致" in drift.stdout


# ---- check.yml, step by step


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["registry"]["steps"]
    return steps


def _pull_request(tmp_path: Path, change: str) -> Path:
    """origin with main, and a clone on branch pr carrying ``change`` (committed)."""
    origin = copy_project(tmp_path / "origin")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "registry")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    git(work, "checkout", "-q", "-b", "pr")
    path = work / LAW
    text = path.read_text(encoding="utf-8").replace(OLD_ADMIN, NEW_ADMIN)
    if change == "good":
        at = text.index("annual_reviews:")
        text = (
            text[:at]
            + "  - filed_on: 2026-11-20\n    reason: manager-change\n    signed_by: 蔡子涵\n    sealed: true\n"
            + "    approved_by: 熊建国\n    approved_on: 2026-11-21\n"  # the approver's commit
            + text[at:]
        )
    path.write_text(text, encoding="utf-8")
    git(work, "commit", "-q", "-am", "变更管理员")
    return work


def _run_steps(work: Path, tmp_path: Path) -> tuple[int, str, str]:
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    summary.touch()
    output.touch()
    base_env = tool_env(
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_BASE_REF="main",
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(output),
    )
    log = ""
    for step in _steps():
        if "uses" in step:
            continue  # checkout and setup-python: the clone above and this interpreter
        if "pip install" in step["run"]:
            continue  # nmr is installed in this interpreter already
        env = {
            **base_env,
            **{
                k: str(v)
                .replace("${{ github.base_ref }}", "main")
                .replace("${{ github.event.pull_request.user.login }}", "law-secretary")
                for k, v in step.get("env", {}).items()
            },
        }
        assert "${{" not in step["run"], "inputs go through env, never into the script"
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        log += done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        if done.returncode != 0:
            return done.returncode, log, summary.read_text(encoding="utf-8")
    return 0, log, summary.read_text(encoding="utf-8")


def test_check_workflow_passes_a_good_change(tmp_path: Path) -> None:
    work = _pull_request(tmp_path, "good")
    code, log, summary = _run_steps(work, tmp_path)
    assert code == 0, log
    assert "::error" not in log
    # a file the change does not touch is not read (main's own check covers it)
    assert "file=accounts/admissions/" not in log
    assert "::warning file=accounts/law/law-wechat.yaml" in log  # the touched file's warnings
    assert summary.startswith("## 新媒体备案变更摘要\n\n✅ 可以审批")
    # the manifest is a dot-file: upload-artifact leaves hidden files out of the artifact;
    # a re-filing calls for the 登记表 marked 变更, and nothing else
    forms = sorted(p.name for p in (work / "forms" / "law").iterdir())
    assert forms == ["law-wechat-登记表-变更.docx", "law-wechat-登记表-变更.pdf"]


def test_check_workflow_blocks_a_bad_change(tmp_path: Path) -> None:
    work = _pull_request(tmp_path, "bad")
    code, log, summary = _run_steps(work, tmp_path)
    assert code == 1
    line = next(
        n
        for n, row in enumerate((work / LAW).read_text(encoding="utf-8").splitlines(), 1)
        if row.startswith("admins:")
    )
    assert (
        f"::error file=accounts/law/law-wechat.yaml,line={line},col=1,title=refile-on-change 第五条::后台管理人员由"
        in log
    )
    assert "❌ 有错误，不能合并" in summary and "refile-on-change 第五条" in summary
    assert "❌ 人员或主办单位变更，但没有重新备案（第五条）" in summary


# ---- pre-commit, for real


@pytest.fixture
def project(tmp_path: Path) -> Path:
    work = copy_project(tmp_path / "project")
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "project")
    return work


def _pre_commit(work: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = tool_env(
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        MYPY_CACHE_DIR=str(tmp_path / "mypy-cache"),
    )
    return subprocess.run(
        [str(VENV_BIN / "pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_pre_commit_passes_then_catches_a_broken_account(project: Path, tmp_path: Path) -> None:
    clean = _pre_commit(project, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "新媒体备案检查（nmr check）" in clean.stdout and "Passed" in clean.stdout
    path = project / LAW
    path.write_text(
        path.read_text(encoding="utf-8").replace('phone: "18870194977"', "phone: 18870194977"),
        encoding="utf-8",
    )
    git(project, "add", LAW)
    broken = _pre_commit(project, tmp_path)
    assert broken.returncode == 1
    assert "accounts/law/law-wechat.yaml" in broken.stdout
    assert "yaml-type-trap" in broken.stdout and "没有加引号，YAML 把它读成了数字" in broken.stdout


def test_hook_manifest_for_other_registries() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"nmr-check", "nmr-codeowners"}
    check = next(hook for hook in hooks if hook["id"] == "nmr-check")
    assert check["language"] == "python" and check["entry"] == "nmr check --"
    result = subprocess.run(
        [str(VENV_BIN / "pre-commit"), "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_forms_step_never_reads_a_file_name_as_an_option(tmp_path: Path) -> None:
    """A file named ``--root=.decoy.yaml`` once redirected the forms step to a decoy registry."""
    work = _pull_request(tmp_path, "good")
    decoy = work / "accounts/law/--root=.decoy.yaml"
    decoy.write_bytes((work / LAW).read_bytes())
    (work / "accounts/law/new\nline.yaml").write_bytes((work / LAW).read_bytes())
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "hostile names")
    step = next(s for s in _steps() if "登记表" in s.get("name", ""))
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=work,
        env=tool_env(BASE_REF="main", RUNNER_TEMP=str(tmp_path)),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "跳过不合规范的文件名（nmr check 已报告）：accounts/law/--root=.decoy.yaml" in done.stdout
    )
    assert (
        "跳过不合规范的文件名（nmr check 已报告）：$'accounts/law/new\\nline.yaml'" in done.stdout
    )
    forms = sorted(p.name for p in (work / "forms" / "law").iterdir())
    assert forms and all(name.startswith("law-wechat-") for name in forms)
