"""SARIF, JUnit and GitLab reports, read back by independent tools; GitHub's annotation limit."""

from __future__ import annotations

import json
from pathlib import Path

import junitparser
import sarif_pydantic
from sarif import loader as sarif_tools

from tests.conftest import REPO, TODAY, run_nmr

LAW = "accounts/law/law-wechat.yaml"


def broken(registry: Path) -> Path:
    """Three errors in law-wechat (phone, reply commitment, and no real-name verification,
    an error since an unverified account is not official), plus the bundled late-filing warning."""
    path = registry / LAW
    text = path.read_text(encoding="utf-8")
    text = text.replace('phone: "18870194977"', 'phone: "1887019497"').replace(
        "reply_commitment_days: 2", "reply_commitment_days: 9"
    )
    text = text.replace("  verified: true", "  verified: false")
    path.write_text(text, encoding="utf-8")
    return registry


def report(registry: Path, fmt: str, *extra: str) -> str:
    result = run_nmr("check", "--root", str(registry), "--format", fmt, "--today", TODAY, *extra)
    assert result.code == 1, result.stderr
    return result.stdout


def test_sarif_reads_back_with_sarif_pydantic_and_sarif_tools(
    registry: Path, tmp_path: Path
) -> None:
    out = tmp_path / "nmr.sarif"
    out.write_text(report(broken(registry), "sarif"), encoding="utf-8")
    expected = json.loads(report(registry, "json"))["findings"]

    log = sarif_pydantic.load(out)
    assert log.version == "2.1.0"
    (run,) = log.runs
    rules = {rule.id: rule for rule in run.tool.driver.rules or []}
    assert rules["contact-phone"].properties["article"] == 5
    assert rules["yaml-syntax"].properties["article"] is None
    # Code scanning shows help and fullDescription beside a finding: from the rule's docs.
    for rule in rules.values():
        assert rule.full_description is not None and rule.full_description.text.strip()
        assert rule.help is not None and rule.help.text and rule.help.markdown
        assert rule.help_uri == f"https://github.com/culr/nmr/blob/main/docs/rules/{rule.id}.md"
        published = REPO / "docs" / "rules" / f"{rule.id}.md"
        assert rule.help.markdown == published.read_text(encoding="utf-8"), rule.id
    phone = rules["contact-phone"]
    assert phone.full_description.text.startswith(phone.short_description.text + "：")
    results = run.results or []
    assert len(results) == len(expected)
    for result, finding in zip(results, expected, strict=True):
        region = result.locations[0].physical_location.region
        assert (
            result.rule_id,
            str(result.level.value if hasattr(result.level, "value") else result.level),
        ) == (finding["rule"], finding["severity"])
        assert (region.start_line, region.start_column) == (finding["line"], finding["column"])
        assert result.locations[0].physical_location.artifact_location.uri == finding["path"]
        assert rules[result.rule_id].id == result.rule_id

    tools = sarif_tools.load_sarif_file(str(out))
    assert tools.get_result_count() == len(expected)
    records = tools.get_records()
    assert {(r["Location"], r["Line"]) for r in records} == {
        (f["path"], f["line"]) for f in expected
    }
    assert {r["Severity"] for r in records} == {"error", "warning"}


def test_junit_parses_with_one_case_per_finding(registry: Path, tmp_path: Path) -> None:
    out = tmp_path / "nmr.xml"
    out.write_text(report(broken(registry), "junit"), encoding="utf-8")
    expected = json.loads(report(registry, "json"))["findings"]
    xml = junitparser.JUnitXml.fromfile(str(out))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == len(expected)
    failed = [case for case in cases if not case.is_passed]
    assert len(failed) == sum(1 for f in expected if f["severity"] == "error")
    assert {case.classname for case in failed} == {
        "contact-phone",
        "reply-commitment",
        "verification-recorded",
    }
    assert any("1887019497" in (case.result[0].message or "") for case in failed)


def test_gitlab_fingerprints_are_unique_and_stable(registry: Path) -> None:
    broken(registry)
    first = json.loads(report(registry, "gitlab"))
    second = json.loads(report(registry, "gitlab"))
    prints = [issue["fingerprint"] for issue in first]
    assert len(set(prints)) == len(prints) == 4
    assert prints == [issue["fingerprint"] for issue in second]
    assert {issue["severity"] for issue in first} == {"major", "minor"}
    phone = next(issue for issue in first if issue["check_name"] == "contact-phone")
    assert phone["location"] == {"path": LAW, "lines": {"begin": 17}}
    # moving the problem down a line keeps its fingerprint: it is the same issue
    path = registry / LAW
    path.write_text(
        path.read_text(encoding="utf-8").replace("purpose:", "purpose:\n  # 备注", 1),
        encoding="utf-8",
    )
    moved = json.loads(report(registry, "gitlab"))
    again = next(issue for issue in moved if issue["check_name"] == "contact-phone")
    assert (
        again["fingerprint"] == phone["fingerprint"] and again["location"]["lines"]["begin"] == 18
    )


def test_github_says_when_annotations_are_cut(registry: Path) -> None:
    for path in sorted((registry / "accounts").rglob("*.yaml"))[:12]:
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "reply_commitment_days:", "reply_commitment_days: 99 #", 1
            ),
            encoding="utf-8",
        )
    out = report(registry, "github").splitlines()
    annotations = [line for line in out if line.startswith(("::error ", "::warning "))]
    assert len(annotations) == 9
    assert all(line.startswith("::error ") for line in annotations)  # errors first
    (notice,) = [line for line in out if line.startswith("::notice ")]
    assert "共 13 条检查发现" in notice and "摘要" in notice
    assert (
        sum(1 for line in out if ": 错误 reply-commitment 第十一条" in line or ": 警告 " in line)
        == 4
    )
