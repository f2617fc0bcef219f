"""Reporters: the JSON contract, GitHub annotation escaping, the text layout, English."""

from __future__ import annotations

from pathlib import Path

from nmr.render.reports import Report, _escape_property, github_annotation, text
from nmr.schemas.finding import Finding, Severity
from nmr.schemas.text import Msg
from tests.conftest import TODAY, run_nmr

LAW = "accounts/law/law-wechat.yaml"


def _break_phone(registry: Path) -> int:
    path = registry / LAW
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("contact:"))
    lines[number] = lines[number].replace('phone: "18870194977"', 'phone: "1887019497"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


def test_json_matches_the_design_contract(registry: Path) -> None:
    line = _break_phone(registry)
    result = run_nmr("check", "--root", str(registry), "--format", "json", "--today", TODAY)
    assert result.code == 1
    report = result.json()
    assert report["version"] == 1
    assert set(report["summary"]) == {"accounts", "errors", "warnings"}
    assert report["summary"]["accounts"] == 31
    assert report["summary"]["errors"] == 1
    (finding,) = [f for f in report["findings"] if f["severity"] == "error"]
    assert list(finding) == [
        "rule",
        "article",
        "severity",
        "path",
        "line",
        "column",
        "field",
        "message",
        "hint",
    ]
    assert finding == {
        "rule": "contact-phone",
        "article": 5,
        "severity": "error",
        "path": LAW,
        "line": line,
        "column": 41,  # contact: {name: 郝军, title: 宣传干事, phone: "…
        "field": "contact.phone",
        "message": "联系人的联系电话“1887019497”不是有效的号码",
        "hint": finding["hint"],
    }
    assert "13800138000" in finding["hint"]


def test_english_messages(registry: Path) -> None:
    _break_phone(registry)
    result = run_nmr(
        "check", "--root", str(registry), "--format", "json", "--today", TODAY, "--lang", "en"
    )
    (finding,) = [f for f in result.json()["findings"] if f["severity"] == "error"]
    assert finding["message"] == "contact: '1887019497' is not a valid phone number"
    assert finding["hint"].startswith("Mobile: 11 digits")


def test_text_shows_line_caret_article_and_fix(registry: Path) -> None:
    line = _break_phone(registry)
    result = run_nmr("check", "--root", str(registry), "--today", TODAY)
    assert result.code == 1
    out = result.stdout.splitlines()
    at = out.index(f"  {line}:41  错误  contact-phone  第五条")
    assert LAW in out[:at]
    assert out[at + 1] == "    联系人的联系电话“1887019497”不是有效的号码"
    assert out[at + 2].startswith(f"{line:>6} | contact: {{name: ")
    # the caret sits under the value, counting CJK characters as two columns
    source = out[at + 2].split(" | ", 1)[1]
    caret = out[at + 3].split("| ", 1)[1]
    assert caret.endswith("^")
    prefix = source[: source.index('"1887019497"')]
    assert len(caret) - 1 == sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in prefix)
    assert out[at + 4].startswith("    修改建议：")
    assert out[-1] == "检查了 31 个账号：1 个错误，1 个警告。"


def test_github_annotation_escapes_properties_and_data() -> None:
    finding = Finding(
        rule="contact-phone",
        article=5,
        severity=Severity.ERROR,
        path="accounts/a,b/x:y.yaml",
        line=3,
        column=7,
        field="contact.phone",
        message=Msg.verbatim("50% 完成\r\n第二行", "x"),
        hint=Msg.verbatim("改为 a,b: c", "y"),
    )
    line = github_annotation(finding, "zh")
    assert line.startswith(
        "::error file=accounts/a%2Cb/x%3Ay.yaml,line=3,col=7,title=contact-phone 第五条::"
    )
    assert line.endswith("50%25 完成%0D%0A第二行%0A修改建议：改为 a,b: c")
    assert "\n" not in line
    assert _escape_property("a%b") == "a%25b"


def test_github_format_from_the_cli(registry: Path) -> None:
    line = _break_phone(registry)
    result = run_nmr("check", "--root", str(registry), "--format", "github", "--today", TODAY)
    errors = [row for row in result.stdout.splitlines() if row.startswith("::error ")]
    assert errors == [next(r for r in errors if f"line={line},col=41" in r)]
    assert "::warning file=accounts/admissions/admissions-wechat.yaml" in result.stdout


def test_text_without_findings() -> None:
    report = Report(Path(), [], 3)
    assert text(report) == "检查了 3 个账号，没有发现问题。\n"
