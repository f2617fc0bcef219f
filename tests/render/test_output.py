"""Outputs are owned: no command empties, overwrites or half-writes anything it did not make."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nmr.render.output import MANIFEST
from tests.conftest import TODAY, git, run_nmr, run_nmr_process

LAW = "accounts/law/law-wechat.yaml"


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (including .git) with its hash: what must stay as it was."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@pytest.fixture
def repo(registry: Path) -> Path:
    git(registry, "init", "-q", "-b", "main")
    git(registry, "add", "-A")
    git(registry, "commit", "-q", "-m", "registry")
    return registry


def site(root: Path, out: str | Path, cwd: Path | None = None) -> tuple[int, str]:
    result = run_nmr_process(
        "render", "site", "--root", str(root), "--out", str(out), cwd=cwd or root
    )
    assert "Traceback" not in result.stderr
    return result.code, result.stderr


@pytest.mark.parametrize(
    ("out", "why"),
    [
        ("accounts", "它在备案库的 accounts/ 中"),
        ("accounts/law", "它在备案库的 accounts/ 中"),
        ("policy", "它在备案库的 policy/ 中"),
        (".", "它是备案库本身或包含备案库"),
        ("..", "它是备案库本身或包含备案库"),
        (".git", "它在备案库的 .git/ 中"),
    ],
)
def test_the_registry_is_never_an_output(repo: Path, out: str, why: str) -> None:
    before = tree(repo.parent)
    code, stderr = site(repo, out)
    assert code == 2
    assert why in stderr and "没有改动任何文件" in stderr
    assert tree(repo.parent) == before


def test_a_folder_of_the_users_own_files_is_refused(repo: Path, tmp_path: Path) -> None:
    mine = tmp_path / "我的文件"
    mine.mkdir()
    (mine / "工作总结.docx").write_bytes(b"not nmr's")
    code, stderr = site(repo, mine)
    assert code == 2 and "不是 nmr 生成的（含 工作总结.docx）" in stderr
    assert (mine / "工作总结.docx").read_bytes() == b"not nmr's"


def test_a_file_a_link_and_another_repository_are_refused(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    for out, why in (
        (target, "它是一个文件"),
        (link, "它是符号链接"),
        (other, "它是一个 git 仓库"),
    ):
        code, stderr = site(repo, out)
        assert code == 2 and why in stderr, stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_own_output_is_rebuilt_whole_and_stale_files_go(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert site(repo, out)[0] == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert "index.html" in manifest["files"] and manifest["tool"] == "nmr"
    (repo / "accounts/law/law-weibo.yaml").unlink()
    assert site(repo, out)[0] == 0
    assert not (out / "a/law-weibo.html").exists()
    assert not list(tmp_path.glob(".site.*"))  # no staging or old folders left behind
    (out / "notes.txt").write_text("added by hand", encoding="utf-8")
    code, stderr = site(repo, out)
    assert code == 2 and "其中有不是 nmr 生成的文件：notes.txt" in stderr
    assert (out / "notes.txt").exists()


def test_a_crash_while_building_leaves_the_previous_output_whole(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert run_nmr("render", "site", "--root", str(repo), "--out", str(out)).code == 0
    before = tree(out)

    def crash(*_: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr("nmr.render.site.build._write_verify_data", crash)
    result = run_nmr("render", "site", "--root", str(repo), "--out", str(out))
    assert result.code == 3 and "内部错误" in result.stderr and "nmr-crash-" in result.stderr
    assert tree(out) == before
    assert not list(tmp_path.glob(".site.*"))


def test_two_builds_at_once_each_leave_a_complete_site(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    command = [sys.executable, "-m", "nmr", "render", "site", "--root", str(repo)]
    runs = [
        subprocess.Popen([*command, "--out", str(out)], stderr=subprocess.PIPE) for _ in range(3)
    ]
    codes = [run.wait(timeout=120) for run in runs]
    assert codes == [0, 0, 0], [run.stderr.read() for run in runs if run.stderr]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == {*manifest["files"], MANIFEST}
    assert not list(tmp_path.glob(".site.*"))


def test_a_crash_while_saving_the_ledger_keeps_the_previous_one(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ledger"
    args = ("render", "ledger", "--root", str(registry), "--out", str(out), "--today", TODAY)
    assert run_nmr(*args).code == 0
    before = tree(out)

    def half_written(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"PK\x03\x04 half")
        raise OSError(28, "No space left on device", filename)

    monkeypatch.setattr("openpyxl.Workbook.save", half_written)
    result = run_nmr(*args)
    assert result.code == 2 and "No space left on device" in result.stderr
    assert tree(out) == before


def test_forms_of_a_duplicated_id_never_overwrite_each_other(
    registry: Path, tmp_path: Path
) -> None:
    copy = registry / "accounts/economics/law-wechat.yaml"
    copy.write_bytes((registry / LAW).read_bytes())
    out = tmp_path / "forms"
    result = run_nmr_process(
        "render", "forms", "--root", str(registry), "--out", str(out), "--today", TODAY
    )
    # one folder per unit: the two records' forms sit side by side, neither overwrites the other
    assert result.code == 0, result.stderr
    assert (out / "law/law-wechat-登记表.pdf").is_file()
    assert (out / "economics/law-wechat-登记表.pdf").is_file()


def test_form_names_come_from_the_file_not_the_record_text(registry: Path, tmp_path: Path) -> None:
    text = (registry / LAW).read_text(encoding="utf-8")
    (registry / LAW).write_text(text.replace("id: law-wechat", "id: ../../../escaped"), "utf-8")
    out = tmp_path / "forms"
    result = run_nmr_process(
        "render",
        "forms",
        "law-wechat",
        "--root",
        str(registry),
        "--out",
        str(out),
        "--today",
        TODAY,
    )
    assert result.code == 0, result.stderr
    assert "law-wechat（草稿" in result.stdout
    assert sorted(p.name for p in (out / "law").iterdir()) == sorted(
        f"law-wechat-{kind}.{ext}"
        for kind in ("登记表", "承诺书", "2025-年度检查报告")  # TODAY is in November 2026
        for ext in ("pdf", "docx")
    )
    assert not list(tmp_path.rglob("escaped*"))


def test_a_symlinked_codeowners_is_refused_not_followed(registry: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (registry / ".github").mkdir()
    (registry / ".github/CODEOWNERS").symlink_to(victim)
    result = run_nmr_process("codeowners", "--root", str(registry))
    assert result.code == 2 and "不是普通文件（symlink）" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious"


def test_summary_into_a_missing_folder_is_exit_2(repo: Path, tmp_path: Path) -> None:
    result = run_nmr_process(
        "check",
        "--root",
        str(repo),
        "--base",
        "main",
        "--summary",
        str(tmp_path / "missing" / "summary.md"),
        cwd=repo,
    )
    assert result.code == 2 and "--summary：文件夹" in result.stderr and "不存在" in result.stderr
