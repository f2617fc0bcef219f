"""Custom rules in CEL: evaluated on every record, broken ones reported, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import TODAY, check_json, run_nmr

LAW_WEIBO = "accounts/law/law-weibo.yaml"


def _with_rules(registry: Path, *rules: dict[str, Any], requirements: str = "") -> None:
    """Append the rules to policy.yaml (and lines to the end of its requirements block)."""
    policy = registry / "policy" / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    last = "  activity: {enabled: false}"
    assert text.count(last) == 1
    text = text.replace(last, last + "\n" + requirements.rstrip("\n")) if requirements else text
    text += yaml.safe_dump({"custom_rules": list(rules)}, allow_unicode=True)
    policy.write_text(text, encoding="utf-8")


def _rule(**fields: Any) -> dict[str, Any]:
    return {
        "id": "weekly",
        "title": "每周更新",
        "message": "须每周更新",
        "hint": "请更新",
        **fields,
    }


def _of(report: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule"] == rule]


def test_a_rule_over_dates_finds_the_records_it_names(registry: Path) -> None:
    # opened more than 3650 days before the pinned day
    old = "today - record.opened_on < duration('87600h')"
    limit = dt.date.fromisoformat(TODAY) - dt.timedelta(days=3650)
    _with_rules(registry, _rule(id="young", expression=old, field="opened_on", severity="warning"))
    found = _of(check_json(registry), "young")
    opened = {
        f["path"]
        for f in found
        if yaml.safe_load((registry / f["path"]).read_text("utf-8"))["opened_on"] <= limit
    }
    assert found and opened == {f["path"] for f in found}
    law = found[0]
    line = (registry / law["path"]).read_text("utf-8").splitlines()[law["line"] - 1]
    assert line.startswith("opened_on:") and law["severity"] == "warning"
    assert law["message"] == "须每周更新" and law["hint"] == "请更新" and law["article"] is None


def test_when_limits_the_records_and_a_requirement_cites_its_article(registry: Path) -> None:
    rule = _rule(
        id="weibo-public",
        when="record.platform == 'weibo'",
        expression="record.purpose.audience == 'campus'",
        requirement="weibo-audience",
    )
    _with_rules(registry, rule, requirements="  weibo-audience: {article: 3}\n")
    found = _of(check_json(registry), "weibo-public")
    assert found and all(f["path"].endswith("weibo.yaml") for f in found)
    assert {f["article"] for f in found} == {3}


def test_a_switched_off_requirement_drops_the_custom_rule(registry: Path) -> None:
    rule = _rule(expression="false", requirement="weekly-updates")
    _with_rules(registry, rule, requirements="  weekly-updates: {enabled: false}\n")
    assert _of(check_json(registry), "weekly") == []


def test_an_expression_that_cannot_run_on_a_record_fails_closed(registry: Path) -> None:
    _with_rules(
        registry,
        _rule(id="typo", expression="record.nickname == 'x'"),
        _rule(id="not-bool", expression="record.name"),
    )
    report = check_json(registry)
    typo = [f for f in _of(report, "typo") if f["path"] == LAW_WEIBO]
    first = (registry / LAW_WEIBO).read_text("utf-8").splitlines()[typo[0]["line"] - 1]
    assert first.startswith("id:") and "无法检查这条记录" in typo[0]["message"]
    assert "nickname" in typo[0]["message"] and "policy/policy.yaml" in typo[0]["hint"]
    not_bool = [f for f in _of(report, "not-bool") if f["path"] == LAW_WEIBO]
    assert "应为 true 或 false" in not_bool[0]["message"]


def test_broken_and_clashing_rules_are_findings_on_policy_yaml(registry: Path) -> None:
    _with_rules(
        registry,
        _rule(id="duplicate-id", expression="true"),
        _rule(id="weekly", expression="true"),
        _rule(id="weekly", expression="(", when="record.platform =="),
        _rule(id="needs", expression="true", requirement="not-mapped"),
    )
    report = check_json(registry)
    lines = (registry / "policy" / "policy.yaml").read_text("utf-8").splitlines()
    found = {(f["field"], f["message"]) for f in _of(report, "custom-rules-valid")}
    assert ("custom_rules[0].id", "自定义规则编号 duplicate-id 已被内置规则使用") in found
    assert ("custom_rules[2].id", "自定义规则编号 weekly 已被另一条自定义规则使用") in found
    fields = {field for field, _ in found}
    assert {"custom_rules[2].when", "custom_rules[2].expression"} <= fields
    assert "custom_rules[3].requirement" in fields
    for finding in _of(report, "custom-rules-valid"):
        key = finding["field"].rsplit(".", 1)[-1]
        assert lines[finding["line"] - 1].lstrip(" -").startswith(f"{key}:"), finding
    assert report["summary"]["accounts"] == 31  # the records are still checked


def test_the_matrix_sarif_and_rule_pages_list_custom_rules(registry: Path) -> None:
    rule = _rule(expression="true", requirement="weekly-updates")
    _with_rules(registry, rule, requirements="  weekly-updates: {article: 8}\n")
    matrix = run_nmr("rules", "--root", str(registry), "--format", "json").json()
    row = next(row for row in matrix["articles"] if row["article"] == 8)
    assert "weekly" in [r["id"] for r in row["rules"]]
    sarif = run_nmr("check", "--root", str(registry), "--format", "sarif", "--today", "2026-11-24")
    ids = [r["id"] for r in sarif.json()["runs"][0]["tool"]["driver"]["rules"]]
    assert "weekly" in ids
    out = registry / "docs"
    assert (
        run_nmr("rules", "--root", str(registry), "--format", "markdown", "--out", str(out)).code
        == 0
    )
    page = (out / "weekly.md").read_text("utf-8")
    assert "```cel\ntrue\n```" in page and "须每周更新" in page and "第八条" in page
