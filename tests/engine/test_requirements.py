"""Requirements as data: policy.yaml says which article a requirement cites, how severe, or off."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import nmr.cli  # noqa: F401  (declares every template)
from nmr.checks import RULES
from tests.casefile import parse
from tests.conftest import check_json, copy_registry, findings_at, run_nmr

# The rules' own messages (the CLI, forms and ledger texts are next: see the closing note).
RULE_KEYS = tuple(f"{rule.id}." for rule in RULES)

CASE = b"""# base: law-weibo
-    sealed: true
+    sealed: false

-reply_commitment_days: 3
+reply_commitment_days: 9
"""


def _registry(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, str]:
    root = copy_registry(tmp_path / "registry")
    policy = root / "policy" / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    policy.write_text(text, encoding="utf-8")
    case = parse("remapped", CASE, "test")
    (root / case.target).write_bytes(case.build())
    return root, case.target


def _rule(findings: list[dict[str, object]], rule: str) -> list[dict[str, object]]:
    return [finding for finding in findings if finding["rule"] == rule]


def test_the_bundled_mapping_cites_the_bundled_articles(tmp_path: Path) -> None:
    root, target = _registry(tmp_path)
    found = findings_at(check_json(root), target)
    assert {(f["article"], f["severity"]) for f in _rule(found, "filing-complete")} == {
        (5, "error")
    }
    assert {(f["article"], f["severity"]) for f in _rule(found, "reply-commitment")} == {
        (11, "error")
    }


@pytest.fixture
def remapped(tmp_path: Path) -> tuple[Path, str]:
    return _registry(
        tmp_path,
        ("  filing: {article: 5}", "  filing: {article: 8, severity: warning}"),
        ("  reply-commitment: {article: 11}", "  reply-commitment: {enabled: false}"),
        ("    title: 备案登记、审批与变更重新备案", "    title: 备案（测试标题）"),
    )


def test_a_policy_moves_a_requirement_to_another_article_and_severity(
    remapped: tuple[Path, str],
) -> None:
    root, target = remapped
    found = findings_at(check_json(root), target)
    assert {(f["article"], f["severity"]) for f in _rule(found, "filing-complete")} == {
        (8, "warning")
    }
    assert _rule(found, "reply-commitment") == []  # switched off: not run, not reported
    assert _rule(found, "policy-requirements") == []


def test_the_matrix_and_sarif_follow_the_policy(remapped: tuple[Path, str]) -> None:
    root, _ = remapped
    matrix = json.loads(run_nmr("rules", "--root", str(root), "--format", "json").stdout)
    rows = {row["article"]: row for row in matrix["articles"]}
    assert "filing-complete" in {rule["id"] for rule in rows[8]["rules"]}
    assert "filing-complete" not in {rule["id"] for rule in rows[5]["rules"]}
    assert rows[5]["title"] == "备案（测试标题）"
    listed = {rule["id"] for row in matrix["articles"] for rule in row["rules"]}
    listed |= {rule["id"] for rule in matrix["general"]}
    assert "reply-commitment" not in listed
    sarif = json.loads(run_nmr("check", "--root", str(root), "--format", "sarif").stdout)
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["filing-complete"]["properties"]["article"] == 8
    assert rules["filing-complete"]["defaultConfiguration"]["level"] == "warning"


def test_hints_name_the_article_the_policy_maps(remapped: tuple[Path, str]) -> None:
    from nmr.engine.registry import require_frame
    from nmr.schemas.text import Template

    require_frame(remapped[0])
    hint = Template("test.art", "先审批后开通（{art_filing}）；保密（{art_confidentiality}）", "x")
    assert hint().get("zh") == "先审批后开通（第八条）；保密（第九条）"
    assert Template("test.art-off", "（{art_reply_commitment}）", "x")().get("zh") == "（相关条款）"


def test_no_template_writes_an_article_number() -> None:
    from nmr.schemas.text import CATALOG

    numbered = re.compile(r"第[一二三四五六七八九十]+条")
    assert [
        key for key, t in CATALOG.items() if numbered.search(t.zh) and key.startswith(RULE_KEYS)
    ] == []


def test_switching_a_requirement_off_never_hides_a_record_that_cannot_be_read(
    tmp_path: Path,
) -> None:
    root, _ = _registry(tmp_path, ("  managers: {article: 13}", "  managers: {enabled: false}"))
    no_reviewers = "# base: law-weibo\n-reviewers:\n-  - {name: 赵静, title: 内容审核员}\n"
    broken = parse("no-reviewers", no_reviewers.encode("utf-8"), "off")
    (root / broken.target).write_bytes(broken.build())
    found = findings_at(check_json(root), broken.target)
    assert [(f["rule"], f["field"], f["article"]) for f in found] == [("schema", "reviewers", None)]
