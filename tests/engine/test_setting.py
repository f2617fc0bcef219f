"""A number in a finding says who set it: the Measures, the institution, or this tool."""

from __future__ import annotations

from pathlib import Path

from tests.casefile import parse
from tests.conftest import check_json, copy_registry, findings_at

LONG_REPLY = b"# base: law-weibo\n-reply_commitment_days: 3\n+reply_commitment_days: 9\n"


def _hint(tmp_path: Path, policy_edit: tuple[str, str] | None) -> str:
    root = copy_registry(tmp_path / "registry")
    policy = root / "policy" / "policy.yaml"
    if policy_edit is not None:
        old, new = policy_edit
        text = policy.read_text(encoding="utf-8")
        assert old in text
        policy.write_text(text.replace(old, new, 1), encoding="utf-8")
    case = parse("long-reply", LONG_REPLY, "setting")
    (root / case.target).write_bytes(case.build())
    (finding,) = [
        f for f in findings_at(check_json(root), case.target) if f["rule"] == "reply-commitment"
    ]
    return str(finding["hint"])


def test_this_universitys_own_choice_is_not_called_the_measures(tmp_path: Path) -> None:
    hint = _hint(tmp_path, None)
    assert "最长答复期限 5 天：本校自定" in hint and "学校规定" not in hint


def test_a_number_the_measures_fix_is_quoted_as_theirs(tmp_path: Path) -> None:
    hint = _hint(
        tmp_path,
        ("own_choices: [reply_commitment_max_days, ", "own_choices: ["),
    )
    assert "最长答复期限 5 天：《办法》规定" in hint


def test_without_a_maximum_only_a_positive_number_is_asked(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    policy = root / "policy" / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace("reply_commitment_max_days: 5", "", 1)
    policy.write_text(text.replace("own_choices: [reply_commitment_max_days, ", "own_choices: ["))
    case = parse("long-reply", LONG_REPLY, "setting")
    (root / case.target).write_bytes(case.build())
    found = findings_at(check_json(root), case.target)
    assert [f for f in found if f["rule"] == "reply-commitment"] == []


def test_a_default_of_this_tool_says_so(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    policy = root / "policy" / "policy.yaml"
    text = policy.read_text(encoding="utf-8").replace("verification_grace_days: 90", "", 1)
    policy.write_text(text.replace(", verification_grace_days]", "]"), encoding="utf-8")
    unverified = (
        "# base: law-weibo\n"
        "-  verified: true\n-  subject: 中国劳动关系学院法学院\n-  verified_on: 2019-03-05\n"
        "+  verified: false\n"
    )
    case = parse("unverified", unverified.encode("utf-8"), "setting")
    (root / case.target).write_bytes(case.build())
    found = findings_at(check_json(root), case.target)
    (late,) = [f for f in found if f["rule"] == "verification-recorded"]
    assert "宽限 90 天，本工具默认值" in str(late["message"])
