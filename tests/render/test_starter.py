"""``nmr init DIR``: a data-only registry that checks clean, whose workflows pass actionlint
and zizmor, and whose pipelines match this tool's own but for installing the pinned release."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from nmr.render import starter
from tests.conftest import REPO, run_nmr_process
from tests.test_workflows import _tool

TOOL = "nmr @ git+https://example.edu.cn/nmr.git@v9.9.9"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "新备案库"
    result = run_nmr_process(
        "init", str(target), "--institution", "某某大学", "--org", "@mmu", "--tool", TOOL
    )
    assert result.code == 0, result.stderr
    assert "务必设为私有" in result.stdout
    return target


def test_a_fresh_registry_checks_clean(fresh: Path) -> None:
    check = run_nmr_process("check", "--root", str(fresh), "--format", "json")
    assert check.code == 0, check.stdout + check.stderr
    report = check.json()
    assert report["findings"] == [] and report["summary"]["errors"] == 0
    assert (fresh / "accounts").is_dir()
    owners = run_nmr_process("codeowners", "--check", "--root", str(fresh))
    assert owners.code == 0, owners.stdout
    assert "/accounts/publicity/ @mmu/publicity" in (fresh / ".gitlab/CODEOWNERS").read_text(
        "utf-8"
    )
    policy = yaml.safe_load((fresh / "policy/policy.yaml").read_text(encoding="utf-8"))
    assert (policy["institution"], policy["measures"]) == ("某某大学", "某某大学新媒体管理办法")
    assert policy["maintainers"] == "@mmu/nmr-maintainers"
    readme = (fresh / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# 某某大学新媒体备案库") and "必须设为私有" in readme
    assert "@@" not in "".join(p.read_text("utf-8") for p in fresh.rglob("*") if p.is_file())


def test_its_schemas_are_its_own(fresh: Path, tmp_path: Path) -> None:
    from nmr.schemas import generate

    generate.main([str(tmp_path), str(fresh)])
    for name in generate.TARGETS:
        assert (tmp_path / name).read_text("utf-8") == (fresh / "schemas" / name).read_text("utf-8")


def test_a_unit_can_file_its_first_account_in_it(fresh: Path, tmp_path: Path) -> None:
    import shutil

    root = Path(shutil.copytree(fresh, tmp_path / "copy"))
    units = root / "policy/units.yaml"
    units.write_text(
        units.read_text("utf-8").replace("name: 待填写, title: 主任", "name: 王主任, title: 主任"),
        "utf-8",
    )
    made = run_nmr_process(
        "new",
        "--root",
        str(root),
        "--today",
        "2026-11-24",
        "--unit",
        "general-office",
        "--platform",
        "wechat",
        "--name",
        "某某大学党政办",
        "--handle",
        "mmu_office",
        "--mission",
        "发布通知",
        "--scope",
        "学校动态",
        "--audience",
        "公开",
        "--opened-on",
        "2026/12/1",
        "--contact",
        "张三,干事,13800138000,zs@mmu.edu.cn",
        "--leader",
        "李四,副主任,13900139000,ls@mmu.edu.cn",
        "--admin",
        "王五,管理员,13700137000,ww@mmu.edu.cn",
        "--reviewer",
        "赵六,审核员",
        "--signed-by",
        "王主任",
    )
    assert made.code == 0, made.stderr
    check = run_nmr_process(
        "check", "--root", str(root), "--format", "json", "--today", "2026-11-24"
    )
    errors = [f for f in check.json()["findings"] if f["severity"] == "error"]
    assert errors == []


def test_its_workflows_pass_actionlint_and_zizmor(fresh: Path) -> None:
    workflows = sorted(map(str, (fresh / ".github/workflows").glob("*.yml")))
    assert len(workflows) == 5
    lint = subprocess.run(
        [_tool("actionlint"), "-no-color", *workflows],
        cwd=fresh,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    audit = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", "--format", "plain", *workflows],
        cwd=fresh,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert audit.returncode == 0 and "No findings" in audit.stdout + audit.stderr, (
        audit.stdout + audit.stderr
    )


def _plain(step: dict[str, Any]) -> dict[str, Any]:
    """A step as both workflows share it: setup-python's pip cache needs a pyproject.toml,
    which a data-only registry does not have."""
    if str(step.get("uses", "")).startswith("actions/setup-python"):
        step = {**step, "with": {"python-version": step["with"]["python-version"]}}
    return step


def _steps_without_install(workflow: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [
            _plain(step)
            for step in job["steps"]
            if not str(step.get("name", "")).startswith("安装")
        ]
        for name, job in workflow["jobs"].items()
        if name != "tests"  # the tool's own test job: a data-only registry has no code to test
    }


@pytest.mark.parametrize(
    "name", ["check.yml", "approvals.yml", "deadlines.yml", "pages.yml", "from-issue.yml"]
)
def test_its_workflows_are_this_tools_but_for_the_pinned_install(fresh: Path, name: str) -> None:
    ours = yaml.safe_load((REPO / ".github/workflows" / name).read_text("utf-8"))
    theirs_text = (fresh / ".github/workflows" / name).read_text("utf-8")
    theirs = yaml.safe_load(theirs_text)
    assert _steps_without_install(theirs) == _steps_without_install(ours)
    assert theirs["permissions"] == ours["permissions"]
    (install,) = [
        step
        for job in theirs["jobs"].values()
        for step in job["steps"]
        if str(step.get("name", "")).startswith("安装")
    ]
    assert install["env"] == {"NMR_TOOL": TOOL}
    assert install["run"] == 'python -m pip install --quiet "$NMR_TOOL"'
    assert "git archive" not in theirs_text and "pip install --quiet ." not in theirs_text


def test_both_pipelines_are_valid_gitlab_ci(fresh: Path) -> None:
    """GitLab's own published schema (vendored by check-jsonschema) accepts both files."""
    result = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.gitlab-ci",
            str(REPO / ".gitlab-ci.yml"),
            str(fresh / ".gitlab-ci.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pipeline = yaml.safe_load((fresh / ".gitlab-ci.yml").read_text("utf-8"))
    assert pipeline["variables"] == {"NMR_TOOL": TOOL}
    for template in (".base-tool", ".main-tool"):
        assert (
            pipeline[template]["before_script"][-1] == 'python -m pip install --quiet "$NMR_TOOL"'
        )
    ours = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text("utf-8"))
    assert {k: v for k, v in pipeline.items() if not k.startswith((".", "variables"))} == {
        k: v for k, v in ours.items() if not k.startswith(".")
    }


def test_its_forms_are_generated_from_its_policy(fresh: Path) -> None:
    """Both forges' forms (GitHub issue forms, GitLab templates) pass nmr forms --check, and
    GitHub's published issue-forms schema accepts them."""
    forms = run_nmr_process("forms", "--check", "--root", str(fresh))
    assert forms.code == 0, forms.stdout
    assert sorted(p.name for p in (fresh / ".gitlab/issue_templates").iterdir()) == [
        "变更管理人员.md",
        "年度检查.md",
        "注销账号.md",
        "登记新账号.md",
    ]
    result = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-issue-forms",
            *(
                str(p)
                for p in sorted((fresh / ".github/ISSUE_TEMPLATE").glob("*.yml"))
                if p.name != "config.yml"
            ),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_existing_folder_is_never_touched(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_nmr_process("init", str(target))
    assert result.code == 2 and "不会覆盖任何文件" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert run_nmr_process("init", str(link)).code == 2
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("name", ["某某\n大学", "某某\x1b[2J大学", "", "长" * 101])
def test_a_name_that_is_not_one_line_of_text_is_refused(tmp_path: Path, name: str) -> None:
    result = run_nmr_process("init", str(tmp_path / "r"), "--institution", name)
    assert result.code == 2 and "--institution" in result.stderr
    assert not (tmp_path / "r").exists()
    assert [p for p in tmp_path.iterdir()] == []  # no half-built folder left beside it


def test_the_default_tool_is_this_version_from_its_home() -> None:
    from importlib.metadata import version

    assert starter.tool_requirement() == f"nmr @ git+https://github.com/culr/nmr@v{version('nmr')}"


def test_the_built_package_alone_makes_a_registry(tmp_path: Path) -> None:
    """What `pip install` of the repository gives (a wheel, not this checkout) has every
    starter file: templates that are links in the repository arrive as files."""
    import os
    import sys

    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(wheels), str(REPO)],
        check=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("nmr-*.whl")
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, timeout=600
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import nmr; print(nmr.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,  # not this checkout, whose nmr/ would be found first
    )
    assert where.stdout.strip().startswith(str(target))
    made = subprocess.run(
        [sys.executable, "-m", "nmr", "init", str(tmp_path / "reg"), "--institution", "某某学院"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr
    check = subprocess.run(
        [sys.executable, "-m", "nmr", "check", "--root", str(tmp_path / "reg")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert check.returncode == 0 and "没有发现问题" in check.stdout, check.stdout + check.stderr
    assert not any(p.is_symlink() for p in (tmp_path / "reg").rglob("*"))


@pytest.mark.parametrize("name", ['a"b', "x: y", "#大学", "123", "yes", "@大学", "[某某]", "a\\1b"])
def test_any_one_line_name_is_kept_as_text(tmp_path: Path, name: str) -> None:
    target = tmp_path / "r"
    made = run_nmr_process("init", str(target), "--institution", name)
    assert made.code == 0, made.stderr
    policy = yaml.safe_load((target / "policy/policy.yaml").read_text("utf-8"))
    assert policy["institution"] == name and policy["measures"] == f"{name}新媒体管理办法"
    assert run_nmr_process("check", "--root", str(target)).code == 0
