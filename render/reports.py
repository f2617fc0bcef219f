"""Finding reporters, chosen by name: text (people), json, github (workflow annotations)."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from nmr.render.escape import annotation, terminal, xml_text
from nmr.schemas.files import Unreadable, read_regular
from nmr.schemas.finding import Finding, RuleInfo, Severity
from nmr.schemas.models import Policy
from nmr.schemas.text import Lang, article_label

SOURCE_LIMIT = 1 << 20  # bytes of a file read back to show its lines


@dataclass(frozen=True, slots=True)
class Report:
    root: Path
    findings: Sequence[Finding]
    accounts: int
    lang: Lang = "zh"
    color: bool = False
    policy: Policy | None = None  # the articles and severities the rules cite (SARIF rules)

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
    """The file's lines for context, read as checked files are: never a link, FIFO or device."""
    try:
        raw = read_regular(path, SOURCE_LIMIT)
    except Unreadable:
        return []
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()


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
        out.append(_paint(terminal(path), "1", color))
        lines = _source_lines(report.root / path)  # once per file: findings are grouped
        for finding in group:
            severity = finding.severity
            label = _paint(
                severity.label(lang), "31;1" if severity is Severity.ERROR else "33;1", color
            )
            cite = f"  {finding.article_text(lang)}" if finding.article else ""
            out.append(f"  {finding.line}:{finding.column}  {label}  {finding.rule}{cite}")
            out.append(f"    {terminal(finding.message.get(lang))}")
            if 0 < finding.line <= len(lines):
                source = terminal(lines[finding.line - 1])
                gutter = f"{finding.line:>6} | "
                out.append(_paint(gutter, "2", color) + source)
                pad = _display_width(terminal(lines[finding.line - 1][: finding.column - 1]))
                out.append(
                    _paint(" " * 7 + "| ", "2", color) + " " * pad + _paint("^", "36", color)
                )
            fix = "Fix: " if lang == "en" else "修改建议："
            out.append(f"    {fix}{terminal(finding.hint.get(lang))}")
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
    # The toolkit's escaping (%, CR, LF) keeps the whole body inside this one command.
    body = annotation(f"{finding.message.get(lang)}\n{fix}{finding.hint.get(lang)}")
    props = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (
            ("file", terminal(finding.path)),
            ("line", finding.line),
            ("col", finding.column),
            ("title", title),
        )
    )
    return f"::{level} {props}::{_escape_data(body)}"


GITHUB_ANNOTATION_LIMIT = 10  # GitHub shows only the first ten annotations of a step


def github(report: Report) -> str:
    """Workflow-command annotations, errors first; past GitHub's limit, a notice says so."""
    ordered = sorted(report.findings, key=lambda f: (f.severity is not Severity.ERROR, f.sort_key))
    shown = ordered
    if len(ordered) > GITHUB_ANNOTATION_LIMIT:
        shown = ordered[: GITHUB_ANNOTATION_LIMIT - 1]
    lines = [github_annotation(finding, report.lang) for finding in shown]
    if len(shown) < len(ordered):
        rest = len(ordered) - len(shown)
        message = (
            f"There are {len(ordered)} findings; GitHub shows {len(shown)} as annotations. "
            f"{rest} more are listed in the log below and in the run summary."
            if report.lang == "en"
            else f"共 {len(ordered)} 条检查发现，GitHub 每一步只显示前 {GITHUB_ANNOTATION_LIMIT} 条注释，"
            f"这里显示 {len(shown)} 条；其余 {rest} 条见下方日志和本次运行的摘要（Summary）。"
        )
        lines.append(f"::notice title=nmr::{_escape_data(message)}")
        lines += [_plain(finding, report.lang) for finding in ordered[len(shown) :]]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def _plain(finding: Finding, lang: Lang) -> str:
    cite = f" {finding.article_text(lang)}" if finding.article else ""
    # Past the annotation budget a finding is a plain log line: escaped so that nothing a
    # record holds can end the line and start a workflow command of its own.
    return (
        f"{terminal(finding.path)}:{finding.line}:{finding.column}: {finding.severity.label(lang)} "
        f"{finding.rule}{cite} {terminal(finding.message.get(lang))}"
    )


def _fix(finding: Finding, lang: Lang) -> str:
    return ("Fix: " if lang == "en" else "修改建议：") + finding.hint.get(lang)


def _help(info: RuleInfo, policy: Policy | None, lang: Lang) -> dict[str, Any]:
    """fullDescription and help from the rule's documentation (code scanning shows them)."""
    if policy is None:
        return {}
    from nmr.render.ruledocs import rule_help

    full, page = rule_help(info, policy, lang)
    return {"fullDescription": {"text": full}, "help": {"text": full, "markdown": page}}


def sarif(report: Report) -> str:
    """SARIF 2.1.0 for code scanning: every rule with its article, every finding with a region."""
    from importlib.metadata import version

    from nmr.engine.matrix import all_rules, cites
    from nmr.render.ruledocs import help_uri

    policy = report.policy
    rules = all_rules(policy)

    def article(info: RuleInfo) -> int | None:
        return cites(policy, info.requirement) if policy is not None else None

    def level(info: RuleInfo) -> str:
        setting = policy.requirement(info.requirement) if policy is not None else None
        return (setting.severity if setting else None) or info.severity.value

    index = {info.id: number for number, info in enumerate(rules)}
    lang = report.lang
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nmr",
                        "version": version("nmr"),
                        "informationUri": "https://github.com/culr/nmr",
                        "rules": [
                            {
                                "id": info.id,
                                "name": info.id,
                                "shortDescription": {"text": info.title.get(lang)},
                                **_help(info, policy, lang),
                                "helpUri": help_uri(info.id, policy),
                                "defaultConfiguration": {"level": level(info)},
                                "properties": {
                                    "article": article(info),
                                    "tags": [article_label(article(info), lang)]
                                    if article(info)
                                    else [],
                                },
                            }
                            for info in rules
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    {
                        "ruleId": finding.rule,
                        "ruleIndex": index[finding.rule],
                        "level": finding.severity.value,
                        "message": {"text": f"{finding.message.get(lang)}\n{_fix(finding, lang)}"},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {
                                        "uri": finding.path,
                                        "uriBaseId": "%SRCROOT%",
                                    },
                                    "region": {
                                        "startLine": finding.line,
                                        "startColumn": finding.column,
                                    },
                                }
                            }
                        ],
                        "partialFingerprints": {"nmr/v1": fingerprint},
                        "properties": {"article": finding.article, "field": finding.field},
                    }
                    for finding, fingerprint in zip(
                        report.findings, fingerprints(report.findings), strict=True
                    )
                ],
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """Stable across runs (no line numbers, which move when a file is edited), unique per run."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        basis = "\x1f".join((finding.rule, finding.path, finding.field or "", finding.message.zh))
        count = seen.get(basis, 0)
        seen[basis] = count + 1
        out.append(hashlib.sha256(f"{basis}\x1f{count}".encode()).hexdigest())
    return out


def gitlab(report: Report) -> str:
    """GitLab Code Quality report (a JSON array of issues)."""
    issues = [
        {
            "description": f"{finding.message.get(report.lang)}（{finding.rule}"
            + (f"，{finding.article_text(report.lang)}" if finding.article else "")
            + "）",
            "check_name": finding.rule,
            "fingerprint": fingerprint,
            "severity": "major" if finding.severity is Severity.ERROR else "minor",
            "location": {"path": finding.path, "lines": {"begin": finding.line}},
        }
        for finding, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def junit(report: Report) -> str:
    """JUnit XML: one test case per finding (errors fail it), or one passing case when clean."""
    import xml.etree.ElementTree as ET  # only the junit report needs it

    lang = report.lang
    suite = ET.Element(
        "testsuite",
        name="nmr check",
        tests=str(max(1, len(report.findings))),
        failures=str(report.errors),
        errors="0",
        skipped="0",
    )
    if not report.findings:
        ET.SubElement(suite, "testcase", classname="nmr", name=summary_line(report))
    for finding in report.findings:
        path = xml_text(finding.path)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=finding.rule,
            name=f"{path}:{finding.line}:{finding.column}",
            file=path,
            line=str(finding.line),
        )
        message = xml_text(finding.message.get(lang))
        body = xml_text(f"{finding.message.get(lang)}\n{_fix(finding, lang)}")
        if finding.severity is Severity.ERROR:
            failure = ET.SubElement(case, "failure", message=message, type=finding.rule)
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = f"{finding.severity.label(lang)}：{body}"
    suites = ET.Element(
        "testsuites", name="nmr", tests=suite.get("tests", "0"), failures=suite.get("failures", "0")
    )
    suites.append(suite)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
    "junit": junit,
    "gitlab": gitlab,
}
