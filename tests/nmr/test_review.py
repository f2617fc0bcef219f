"""``nmr review``: the approver records results, 整改要求 and re-reviews as the rules expect."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_nmr_process

LAW = "accounts/law/law-wechat.yaml"


def submit(registry: Path, day: str = "2026-12-11") -> None:
    path = registry / LAW
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "status: active",
            f"  - {{year: 2026, submitted_on: {day}}}\nstatus: active  # 单位写的注释",
        ),
        encoding="utf-8",
    )


def review(registry: Path, *args: str) -> tuple[int, str]:
    result = run_nmr_process("review", "law-wechat", "--root", str(registry), *args)
    assert "Traceback" not in result.stderr
    return result.code, result.stdout + result.stderr


def findings(registry: Path, today: str) -> list[dict[str, object]]:
    result = run_nmr_process("check", "--root", str(registry), "--format", "json", "--today", today)
    return [f for f in json.loads(result.stdout)["findings"] if f["path"] == LAW]


def test_a_failure_then_a_passing_re_review(registry: Path) -> None:
    submit(registry)
    before = (registry / LAW).read_text(encoding="utf-8")
    code, out = review(
        registry,
        "--year",
        "2026",
        "--result",
        "fail",
        "--by",
        "熊建国",
        "--on",
        "2026-12-20",
        "--note",
        "连续三个月未更新",
    )
    assert code == 0, out
    assert "记录 2026 年度检查结果：不合格，状态 rectifying" in out
    text = (registry / LAW).read_text(encoding="utf-8")
    assert (
        "  - {year: 2026, submitted_on: 2026-12-11, result: fail, reviewed_by: 熊建国, "
        "reviewed_on: 2026-12-20, note: 连续三个月未更新}" in text
    )
    assert "status: rectifying  # 单位写的注释" in text
    # everything else as the unit wrote it, comments and all
    changed = [
        (a, b) for a, b in zip(before.splitlines(), text.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 2
    assert findings(registry, "2027-01-05") == []
    code, out = review(
        registry,
        "--year",
        "2026",
        "--result",
        "pass",
        "--by",
        "熊建国",
        "--on",
        "2027-02-10",
        "--note",
        "整改完成",
    )
    assert code == 0 and "追加 2026 年度复查结果：合格，状态 active" in out
    text = (registry / LAW).read_text(encoding="utf-8")
    assert "  - {year: 2026, submitted_on: 2027-02-10, result: pass, reviewed_by: 熊建国" in text
    assert "status: active" in text
    assert findings(registry, "2027-06-01") == []  # past the rectification window: re-reviewed


def test_only_listed_approvers_and_only_submitted_reports(registry: Path) -> None:
    code, out = review(registry, "--year", "2026", "--result", "pass", "--by", "熊建国")
    assert code == 2 and "还没有报送 2026 年度检查报告" in out
    submit(registry)
    before = (registry / LAW).read_bytes()
    code, out = review(registry, "--year", "2026", "--result", "pass", "--by", "蔡子涵")
    assert code == 2 and "不是在任的审批人" in out
    code, out = review(registry, "--year", "2026", "--result", "fail", "--by", "熊建国")
    assert code == 2 and "不合格须写明整改要求" in out
    assert (registry / LAW).read_bytes() == before
