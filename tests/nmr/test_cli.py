"""Exit codes, dates and usage errors of ``nmr``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, TODAY, Result, run_nmr, run_nmr_process


def test_bundled_registry_passes() -> None:
    result = run_nmr("check", "--root", str(REPO), "--today", TODAY)
    assert result.code == 0, result.stdout


def test_warnings_fail_only_with_strict(registry: Path) -> None:
    assert run_nmr("check", "--root", str(registry), "--today", TODAY).code == 0
    strict = run_nmr("check", "--root", str(registry), "--today", TODAY, "--strict")
    assert strict.code == 1
    assert "grandfather-filing" in strict.stdout


def test_one_file(registry: Path) -> None:
    rel = "accounts/law/law-wechat.yaml"
    result = run_nmr(
        "check", "--root", str(registry), "--format", "json", "--today", TODAY, str(registry / rel)
    )
    assert result.code == 0
    assert result.json()["summary"]["accounts"] == 1


def _check_json(registry: Path, *args: str) -> Result:
    return run_nmr("check", "--root", str(registry), "--format", "json", "--today", TODAY, *args)


def test_one_file_reads_only_it_and_its_namesakes(registry: Path) -> None:
    """pre-commit on one file: its own rules and a namesake in another unit's folder
    (duplicate-id) are reported; the registry-wide rules wait for the full check, which
    reports the copied handle."""
    rel = "accounts/law/law-wechat.yaml"
    copy = (registry / rel).read_text("utf-8").replace("unit: law", "unit: library")
    (registry / "accounts/library/law-wechat.yaml").write_text(copy, "utf-8")
    (registry / "accounts/library/unreadable.yaml").write_text("id: [\n", "utf-8")
    one = _check_json(registry, "--no-cache", str(registry / rel)).json()
    assert one["summary"]["accounts"] == 1
    assert {(f["path"], f["rule"]) for f in one["findings"]} == {(rel, "duplicate-id")}
    whole = _check_json(registry, "--no-cache").json()
    found = {(f["path"], f["rule"]) for f in whole["findings"]}
    assert (rel, "duplicate-handle") in found and (rel, "duplicate-id") in found
    assert ("accounts/library/unreadable.yaml", "yaml-syntax") in found


def test_one_file_under_a_linked_folder_is_refused_not_read(registry: Path) -> None:
    """pre-commit names a linked unit folder (git tracks the link itself): the link is what is
    reported, as a full check would, and nothing behind it is read."""
    (registry / "accounts/evil").symlink_to("law")
    result = _check_json(registry, str(registry / "accounts/evil"))
    assert result.code == 1
    found = result.json()["findings"]
    assert [(f["path"], f["rule"]) for f in found] == [("accounts/evil", "file-layout")]
    assert "符号链接" in found[0]["message"] and result.json()["summary"]["accounts"] == 0


def test_usage_errors_exit_2_in_chinese(registry: Path) -> None:
    bad_format = run_nmr_process("check", "--format", "xml", "--root", str(registry))
    assert bad_format.code == 2 and "命令行参数有误" in bad_format.stderr
    bad_date = run_nmr_process("check", "--today", "2026/11/24", "--root", str(registry))
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.stderr
    missing = run_nmr_process(
        "check", "--root", str(registry), str(registry / "accounts/law/nope.yaml")
    )
    assert missing.code == 2 and "文件不存在" in missing.stderr
    for result in (bad_format, bad_date, missing):
        assert "Traceback" not in result.stderr


def test_nmr_today_environment_variable(registry: Path) -> None:
    bad = run_nmr_process("check", "--root", str(registry), env={"NMR_TODAY": "tomorrow"})
    assert bad.code == 2 and "NMR_TODAY" in bad.stderr
    # a filing dated after "today" is an error only when today is before it
    early = run_nmr_process(
        "check", "--root", str(registry), "--format", "json", env={"NMR_TODAY": "2020-01-01"}
    )
    rules = {f["rule"] for f in json.loads(early.stdout)["findings"]}
    assert "filing-complete" in rules


def test_rules_matrix_lists_all_18_articles() -> None:
    result = run_nmr("rules", "--format", "json")
    matrix = result.json()
    assert [row["article"] for row in matrix["articles"]] == list(range(1, 19))
    by_article = {row["article"]: row for row in matrix["articles"]}
    assert {rule["id"] for rule in by_article[5]["rules"]} >= {
        "filing-complete",
        "filing-signed-by-head",
    }
    assert by_article[8]["not_checkable"] and not by_article[8]["rules"]
    for row in matrix["articles"]:
        assert row["rules"] or row["schema_fields"] or row["not_checkable"], row
    markdown = run_nmr("rules", "--format", "markdown").stdout
    assert "| 第十三条 |" in markdown and "managers-named" in markdown
