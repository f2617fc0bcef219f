"""The approver's desk through a December review season (pinned dates 12-01, 12-20, 01-05, 02-01)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import run_nmr

LAW = "accounts/law/law-wechat.yaml"
LEAGUE = "accounts/youth-league/tw-wechat.yaml"
ECONOMICS = "accounts/economics/economics-wechat.yaml"


def append_review(root: Path, rel: str, review: str, status: str = "active") -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: active", f"  - {review}\nstatus: {status}"), "utf-8")


def desk(root: Path, today: str) -> dict[str, Any]:
    result = run_nmr("due", "--root", str(root), "--approver", "--format", "json", "--today", today)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_review_season_from_the_approvers_desk(registry: Path) -> None:
    first = desk(registry, "2026-12-01")
    assert first["year"] == 2026 and first["waiting"] == []
    owed = first["total"]["owed"]
    assert first["total"] == {
        "owed": owed,
        "submitted": 0,
        "pending": 0,
        "passed": 0,
        "failed": 0,
        "missing": owed,
    }
    append_review(registry, LAW, "{year: 2026, submitted_on: 2026-12-15}")
    append_review(
        registry,
        LEAGUE,
        "{year: 2026, submitted_on: 2026-12-10, result: pass, reviewed_by: 熊建国, reviewed_on: 2026-12-18}",
    )
    append_review(
        registry,
        ECONOMICS,
        "{year: 2026, submitted_on: 2026-12-12, result: fail, reviewed_by: 熊建国, "
        "reviewed_on: 2026-12-19, note: 三个月未更新}",
        "rectifying",
    )
    proposal = (registry / LAW).read_text(encoding="utf-8")
    proposal = proposal.replace("id: law-wechat", "id: law-douyin").replace(
        "platform: wechat", "platform: douyin"
    )
    at = proposal.index("filings:")
    proposal = (
        proposal[:at]
        + "filings:\n  - {filed_on: 2026-12-18, reason: initial, signed_by: 蔡子涵, sealed: true}\n"
        + "annual_reviews: []\nstatus: proposed\n"
    ).replace("opened_on: 2015-09-01", "opened_on: 2027-01-10")
    (registry / "accounts/law/law-douyin.yaml").write_text(proposal, encoding="utf-8")
    for today in ("2026-12-20", "2027-01-05", "2027-02-01"):
        found = desk(registry, today)
        assert found["year"] == 2026, today
        kinds = {(w["kind"], w["account"]) for w in found["waiting"]}
        assert kinds == {
            ("filing", "law-douyin"),
            ("review", "law-wechat"),
            ("rectification", "economics-wechat"),
        }, today
        rectifying = next(w for w in found["waiting"] if w["kind"] == "rectification")
        assert (rectifying["due_on"], rectifying["detail"]) == ("2027-03-19", "三个月未更新")
        assert found["season"]["law"] == {
            "owed": 2,
            "submitted": 1,
            "pending": 1,
            "passed": 0,
            "failed": 0,
            "missing": 1,
        }
        assert found["season"]["youth-league"]["passed"] == 1
        assert found["season"]["economics"]["failed"] == 1
        assert found["total"] == {
            "owed": owed,
            "submitted": 3,
            "pending": 1,
            "passed": 1,
            "failed": 1,
            "missing": owed - 3,
        }, today
    text = run_nmr("due", "--root", str(registry), "--approver", "--today", "2027-01-05")
    assert "待审批的备案（1）" in text.stdout and "待审核的年度检查报告（1）" in text.stdout
    assert "  法学院：1 / 1 / 0 / 0 / 1" in text.stdout
    markdown = run_nmr(
        "due",
        "--root",
        str(registry),
        "--approver",
        "--format",
        "markdown",
        "--today",
        "2027-01-05",
    ).stdout
    assert markdown.startswith("### 审批单位待办") and "- 法学院：1 / 1 / 0 / 0 / 1" in markdown


def test_past_the_rectification_deadline_the_closure_is_due(registry: Path) -> None:
    append_review(
        registry,
        ECONOMICS,
        "{year: 2026, submitted_on: 2026-12-12, result: fail, reviewed_by: 熊建国, "
        "reviewed_on: 2026-12-19, note: 三个月未更新}",
        "rectifying",
    )
    assert [w["kind"] for w in desk(registry, "2027-03-19")["waiting"]] == ["rectification"]
    (due,) = desk(registry, "2027-03-20")["waiting"]
    assert (due["kind"], due["account"], due["due_on"]) == (
        "closure",
        "economics-wechat",
        "2027-03-19",
    )
    text = run_nmr("due", "--root", str(registry), "--approver", "--today", "2027-03-20").stdout
    assert "整改期满仍未复查合格、应责令注销（第六条）（1）" in text
