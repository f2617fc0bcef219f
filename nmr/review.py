"""``nmr review``: the approver records an annual review's result, its 整改要求, or a re-review.

Results are the approver's to record (第六条). The record is edited as a person would: the
report's one line in ``annual_reviews`` gets the result, the reviewer and the date (and the
note); a re-review (复查) after a failure is appended as a new line; the status follows
(``rectifying`` after a failure, ``active`` after a passing re-review). Nothing else in the
file changes, which is verified before the file is replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nmr.engine.registry import Registry
from nmr.render.output import atomic_write
from nmr.render.record_yaml import flow
from nmr.schemas.errors import NmrError
from nmr.schemas.source import parse
from nmr.schemas.text import Template

RECORD_HAS_NO_ANNUAL_REVIEWS = Template(
    "review.record-has-no-annual-reviews",
    "记录中没有 annual_reviews。",
    "the record has no annual_reviews",
)
NO_REPORT_HAS_BEEN_SUBMITTED = Template(
    "review.no-report-has-been-submitted",
    "{name} 还没有报送 {year} 年度检查报告：单位报送后再记录结果。",
    "no {year} report has been submitted yet",
)
NOT_APPROVER_IN_OFFICE_ON = Template(
    "review.not-approver-in-office-on",
    "“{by}”{on} 不是在任的审批人（policy/units.yaml 的 approvers）。",
    "'{by}' is not an approver in office on {on}",
)
FAILED_REVIEW_NEEDS_NOTE = Template(
    "review.failed-review-needs-note",
    "不合格须写明整改要求：--note “……”。",
    "a failed review needs --note",
)
NO_SINGLE_ACCOUNT = Template(
    "review.no-single-account", "没有找到唯一的账号 {account}。", "no single account {account}"
)
WOULD_NOT_PARSE_NOT_WRITTEN = Template(
    "review.would-not-parse-not-written",
    "{rel} 修改后无法读取，没有写入。",
    "{rel} would not parse; not written",
)
OTHER_FIELDS_WOULD_CHANGE = Template(
    "review.other-fields-would-change",
    "{rel} 的其他内容会被改变，没有写入。",
    "{rel}: other fields would change",
)
LINE_NOT_ONE_LINE_REVIEW = Template(
    "review.line-not-one-line-review",
    "第 {value} 行的年度检查记录不是单行写法 {{year: …, submitted_on: …}}，请手工填写。",
    "line {value}: not a one-line review entry; edit it by hand.",
)

ENTRY = re.compile(r"^(\s*)- (\{.*\})\s*$")


@dataclass(frozen=True, slots=True)
class Decision:
    year: int
    result: str  # pass | fail
    by: str
    on: dt.date
    note: str | None


def _entries(lines: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """(line index, data) of each annual review, written one per line as the README shows."""
    start = next((i for i, line in enumerate(lines) if line.startswith("annual_reviews:")), None)
    if start is None:
        raise NmrError(RECORD_HAS_NO_ANNUAL_REVIEWS())
    found = []
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line and not line.startswith((" ", "-")):
            break  # the next top-level key
        if not line.strip() or line.strip().startswith("#"):
            continue
        match = ENTRY.match(line)
        if match is None:
            raise NmrError(LINE_NOT_ONE_LINE_REVIEW(value=index + 1))
        data = yaml.safe_load(match.group(2))
        found.append((index, data if isinstance(data, dict) else {}))
    return found


def _line(indent: str, entry: dict[str, Any]) -> str:
    return f"{indent}- {flow(entry)}"


def record(path: Path, text: str, decision: Decision) -> tuple[str, str]:
    """The new text of the record, and what was done (in Chinese)."""
    lines = text.split("\n")
    entries = [(i, e) for i, e in _entries(lines) if e.get("year") == decision.year]
    if not entries:
        raise NmrError(NO_REPORT_HAS_BEEN_SUBMITTED(name=path.name, year=decision.year))
    index, entry = entries[-1]
    indent = ENTRY.match(lines[index]).group(1)  # type: ignore[union-attr]
    outcome = {"result": decision.result, "reviewed_by": decision.by, "reviewed_on": decision.on}
    if decision.note:
        outcome["note"] = decision.note
    if entry.get("result") is None:
        lines[index] = _line(indent, {**entry, **outcome})
        done = f"记录 {decision.year} 年度检查结果"
    else:
        re_review = {"year": decision.year, "submitted_on": decision.on, **outcome}
        lines.insert(entries[-1][0] + 1, _line(indent, re_review))
        done = f"追加 {decision.year} 年度复查结果"
    status = "rectifying" if decision.result == "fail" else "active"
    for number, line in enumerate(lines):  # only the value: a comment after it stays
        lines[number] = re.sub(r"^(status:\s*)(active|rectifying)\b", rf"\g<1>{status}", line)
    return "\n".join(
        lines
    ), f"{done}：{'合格' if decision.result == 'pass' else '不合格'}，状态 {status}"


def _rest(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in ("annual_reviews", "status")}


def _same_apart_from_reviews(before: Any, after: Any) -> bool:
    return isinstance(before, dict) and isinstance(after, dict) and _rest(before) == _rest(after)


def review(registry: Registry, account: str, decision: Decision) -> str:
    """Record ``decision`` in the account's file; return what was done."""
    approver = registry.approver
    names = {p.name for p in (approver.approvers if approver else []) if p.in_office(decision.on)}
    if decision.by not in names:
        raise NmrError(NOT_APPROVER_IN_OFFICE_ON(by=decision.by, on=decision.on))
    if decision.result == "fail" and not decision.note:
        raise NmrError(FAILED_REVIEW_NEEDS_NOTE())
    matches = [
        e.path
        for e in registry.entries
        if e.is_readable_record and e.path.endswith(f"/{account}.yaml")
    ]
    if len(matches) != 1:
        raise NmrError(NO_SINGLE_ACCOUNT(account=account))
    rel = matches[0]
    path = registry.root / rel
    text = path.read_text(encoding="utf-8")
    new_text, done = record(path, text, decision)
    before, after = parse(rel, text), parse(rel, new_text)
    if after.document is None or after.findings or before.document is None:
        raise NmrError(WOULD_NOT_PARSE_NOT_WRITTEN(rel=rel))
    if not _same_apart_from_reviews(before.document.data, after.document.data):
        raise NmrError(OTHER_FIELDS_WOULD_CHANGE(rel=rel))
    atomic_write(path, new_text.encode("utf-8"))
    return f"{rel}：{done}。请运行 nmr check 后在合并请求中提交。"
