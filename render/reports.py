"""Finding reporters, chosen by name: text (people), json, github (workflow annotations)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from schemas.finding import Finding, Severity
from schemas.text import Lang


@dataclass(frozen=True, slots=True)
class Report:
    root: Path
    findings: Sequence[Finding]
    accounts: int
    lang: Lang = "zh"
    color: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


def _paint(text: str, code: str, on: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if on else text


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _source_lines(path: Path) -> list[str]:
    try:
        return path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
    except OSError:
        return []


def summary_line(report: Report) -> str:
    if report.lang == "en":
        if not report.findings:
            return f"{report.accounts} accounts checked: no problems."
        return f"{report.accounts} accounts checked: {report.errors} errors, {report.warnings} warnings."
    if not report.findings:
        return f"检查了 {report.accounts} 个账号，没有发现问题。"
    return f"检查了 {report.accounts} 个账号：{report.errors} 个错误，{report.warnings} 个警告。"


def text(report: Report) -> str:
    lang, color = report.lang, report.color
    out: list[str] = []
    for path, group in groupby(report.findings, key=lambda f: f.path):
        out.append(_paint(path, "1", color))
        lines = _source_lines(report.root / path)  # once per file: findings are grouped
        for finding in group:
            severity = finding.severity
            label = _paint(
                severity.label(lang), "31;1" if severity is Severity.ERROR else "33;1", color
            )
            cite = f"  {finding.article_text(lang)}" if finding.article else ""
            out.append(f"  {finding.line}:{finding.column}  {label}  {finding.rule}{cite}")
            out.append(f"    {finding.message.get(lang)}")
            if 0 < finding.line <= len(lines):
                source = lines[finding.line - 1]
                gutter = f"{finding.line:>6} | "
                out.append(_paint(gutter, "2", color) + source)
                pad = _display_width(source[: finding.column - 1])
                out.append(
                    _paint(" " * 7 + "| ", "2", color) + " " * pad + _paint("^", "36", color)
                )
            fix = "Fix: " if lang == "en" else "修改建议："
            out.append(f"    {fix}{finding.hint.get(lang)}")
        out.append("")
    out.append(summary_line(report))
    return "\n".join(out) + "\n"


def as_json(report: Report) -> str:
    document = {
        "version": 1,
        "summary": {
            "accounts": report.accounts,
            "errors": report.errors,
            "warnings": report.warnings,
        },
        "findings": [finding.as_json(report.lang) for finding in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Finding, lang: Lang) -> str:
    level = "error" if finding.severity is Severity.ERROR else "warning"
    title = " ".join(filter(None, (finding.rule, finding.article_text(lang))))
    fix = "Fix: " if lang == "en" else "修改建议："
    body = f"{finding.message.get(lang)}\n{fix}{finding.hint.get(lang)}"
    props = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", finding.path),
            ("line", finding.line),
            ("col", finding.column),
            ("title", title),
        )
    )
    return f"::{level} {props}::{_escape_data(body)}"


def github(report: Report) -> str:
    lines = [github_annotation(finding, report.lang) for finding in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}
