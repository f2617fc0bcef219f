"""``nmr from-issue``: a filled issue form becomes the account record, as ``nmr new`` would
write it (登记新账号), or the edit a unit would make (变更管理人员, 年度检查, 注销账号).

The issue body is hostile input. It is read as text only: the ``### 标签`` sections GitHub
writes for a form (and the GitLab templates copy), answers matched to the form by label. A
missing answer, an unknown section, a wrong phone all come back as problems, all at once;
nothing reaches a shell, and the file written is at a path made of validated ids only. An
existing record is edited in place, only the blocks the form changes: the rest of the file,
comments included, stays as the unit wrote it, which is verified before it is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from nmr.engine.registry import Registry, is_account_path, load_account, stem_of
from nmr.new import Asker, _people, _person, interview
from nmr.normalise import Words, read_date, refusal_text
from nmr.render.escape import markdown as md
from nmr.render.issue_forms import Form, forms
from nmr.render.output import atomic_write
from nmr.render.record_yaml import flow, write_new
from nmr.schemas.labels import CLOSURE_REASON
from nmr.schemas.source import parse

HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*#*\s*$")
COMMENT = re.compile(r"<!--.*?-->", re.S)
NO_ANSWER = {"", "_no response_", "_无回复_", "无", "none"}
UNCHANGED = {"不变", "无变化", "未变更", "同上"}
CHECKED = re.compile(r"^\s*[-*]\s*\[[xX]\]\s*(.+?)\s*$")
BODY_LIMIT = 65536  # GitHub's own limit for an issue body
SEPARATORS = re.compile(r"\s*[,，、;；|]\s*")


@dataclass
class Filled:
    answers: dict[str, str] = field(default_factory=dict)  # field id → text
    confirmed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # headings no field has


@dataclass
class Outcome:
    form: str  # the form's name (登记新账号 …), or "" when none matched
    path: str | None = None  # the record written or edited
    account: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.path is not None and not self.problems


def which_form(registry: Registry, labels: list[str], title: str) -> Form | None:
    """The form an issue was filled from: by its label, else by its title's 【…】."""
    for form in forms(registry):
        if form.name in labels or title.strip().startswith(f"【{form.name}】"):
            return form
    return None


def read(body: str, form: Form) -> Filled:
    """The answers under each ``### 标签`` heading of a filled form."""
    filled = Filled()
    sections: list[tuple[str, list[str]]] = []
    for line in COMMENT.sub("", body[:BODY_LIMIT]).replace("\r\n", "\n").split("\n"):
        heading = HEADING.match(line)
        if heading:
            sections.append((heading.group(1).strip(), []))
        elif sections:
            sections[-1][1].append(line)
    by_label = form.by_label
    for label, lines in sections:
        text = "\n".join(lines).strip()
        if label == "主办单位确认":
            filled.confirmed += [m.group(1) for line in lines if (m := CHECKED.match(line))]
        elif label in by_label:
            if text.casefold() not in NO_ANSWER:
                filled.answers[by_label[label].id] = text
        else:
            filled.unknown.append(label)
    return filled


def _missing(form: Form, filled: Filled) -> list[str]:
    return [
        f"缺少“{item.label}”"
        for item in form.fields
        if item.required and item.id not in filled.answers
    ]


def _one_line(text: str) -> str:
    """A person written with any of the usual separators, as nmr new's comma list."""
    parts = [part for part in SEPARATORS.split(text.strip()) if part]
    if len(parts) == 1:
        parts = text.split()
    return ",".join(parts)


def _lines(text: str) -> list[str]:
    return [_one_line(line) for line in text.splitlines() if line.strip()]


def _given(form: Form, filled: Filled) -> dict[str, Any]:
    """The form's answers as nmr new's answers (its flags)."""
    given: dict[str, Any] = {}
    for key, text in filled.answers.items():
        if key in ("admin", "reviewer"):
            given[key] = _lines(text)
        elif key in ("contact", "leader"):
            given[key] = _one_line(text)
        elif key == "verified":
            given[key] = "y" if text.strip() == "是" else "n"
        else:
            given[key] = " ".join(text.split())
    given["sealed"] = "y" if form.confirm and form.confirm[0] in filled.confirmed else "n"
    return given


# Answers read against the unit: meaningless (and not reported) when the unit is wrong.
UNIT_BOUND = ("signed_by", "commitment_by")


def register(registry: Registry, form: Form, filled: Filled, today: dt.date) -> Outcome:
    outcome = Outcome(form.name)
    labels = {item.id: item.label for item in form.fields}
    asker = Asker(_given(form, filled), interactive=False, problems=outcome.problems, labels=labels)
    try:
        rel, record = interview(registry, asker, today)
    except (ValueError, AssertionError, KeyError, IndexError) as error:
        if not outcome.problems:
            outcome.problems.append(refusal_text(error).zh)
        return outcome
    unit = filled.answers.get("unit", "")
    if Words.of(registry).unit(unit, registry.policy.institution) is None:
        bound = tuple(f"{labels[key]}“" for key in UNIT_BOUND)
        outcome.problems[:] = [p for p in outcome.problems if not p.startswith(bound)]
    if outcome.problems:
        return outcome
    try:
        write_new(registry.root, rel, record)
    except FileExistsError:
        outcome.problems.append(f"{rel} 已存在：这个账号已经登记过，变更请用“变更管理人员”表单")
        return outcome
    outcome.path, outcome.account = rel, str(record["id"])
    return outcome


# ---- editing an existing record: only the blocks the form changes


def find_account(registry: Registry, answer: str) -> tuple[str | None, str | None]:
    """(path, problem): the record named by its id or its handle."""
    wanted = answer.strip()
    paths = [e.path for e in registry.entries if e.is_readable_record and is_account_path(e.path)]
    by_id = [p for p in paths if stem_of(p) == wanted]
    if len(by_id) == 1:
        return by_id[0], None
    by_handle = []
    for path in paths:
        loaded = load_account(registry.root, path, registry.limits, registry.account_model)
        if (
            loaded.account is not None
            and loaded.account.account.handle.casefold() == wanted.casefold()
        ):
            by_handle.append(path)
    if len(by_handle) == 1:
        return by_handle[0], None
    if by_handle:
        return None, f"新媒体号“{wanted}”对应多个账号，请写账号编号"
    return None, f"没有找到账号“{wanted}”：请写账号编号（如 law-wechat）或新媒体号"


def _block(lines: list[str], key: str) -> tuple[int, int] | None:
    """The lines of top-level ``key`` (its line and what is indented under it)."""
    start = next(
        (i for i, line in enumerate(lines) if re.match(rf"^{re.escape(key)}\s*:", line)), None
    )
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "-"))):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # trailing blank lines belong to what follows
    return start, end


def set_block(text: str, key: str, block: list[str], after: str = "status") -> str:
    lines = text.split("\n")
    found = _block(lines, key)
    if found is None:
        anchor = _block(lines, after)
        at = anchor[1] if anchor else len(lines)
        lines[at:at] = block
    else:
        lines[found[0] : found[1]] = block
    return "\n".join(lines)


def append_item(text: str, key: str, item: dict[str, Any]) -> str:
    lines = text.split("\n")
    found = _block(lines, key)
    if found is None or re.match(rf"^{re.escape(key)}\s*:\s*\[\s*\]\s*(#.*)?$", lines[found[0]]):
        return set_block(text, key, [f"{key}:", f"  - {flow(item)}"])
    start, end = found
    items = [line for line in lines[start + 1 : end] if line.lstrip().startswith("- ")]
    indent = items[-1][: len(items[-1]) - len(items[-1].lstrip())] if items else "  "
    lines[end:end] = [f"{indent}- {flow(item)}"]
    return "\n".join(lines)


def _person_block(key: str, person: dict[str, str]) -> list[str]:
    return [f"{key}: {flow(person)}"]


def _list_block(key: str, people: list[dict[str, str]]) -> list[str]:
    return [f"{key}:", *(f"  - {flow(person)}" for person in people)]


def _date_answer(
    filled: Filled, key: str, label: str, today: dt.date, problems: list[str]
) -> dt.date:
    text = filled.answers.get(key)
    if not text:
        return today
    try:
        day = read_date(text)
    except ValueError as error:
        problems.append(f"{label}：{refusal_text(error).zh}")
        return today
    return day or today


def _edit(registry: Registry, form: Form, filled: Filled, edit: Any, today: dt.date) -> Outcome:
    """Find the account, apply ``edit`` to its text, check nothing else moved, write."""
    outcome = Outcome(form.name, problems=_missing(form, filled))
    path, problem = find_account(registry, filled.answers.get("account", ""))
    if path is None:
        outcome.problems.append(problem or "")
        return outcome
    target = registry.root / path
    before = target.read_text(encoding="utf-8")
    after, touched = edit(before, outcome.problems)
    if outcome.problems:
        return outcome
    old, new = parse(path, before).document, parse(path, after).document
    if (
        new is None
        or not isinstance(new.data, dict)
        or old is None
        or not isinstance(old.data, dict)
    ):
        outcome.problems.append("修改后的记录无法读取，没有写入")
        return outcome
    if {k: v for k, v in old.data.items() if k not in touched} != {
        k: v for k, v in new.data.items() if k not in touched
    }:
        outcome.problems.append("修改会改变记录中的其他内容，没有写入；请改用网页直接修改文件")
        return outcome
    atomic_write(target, after.encode("utf-8"))
    outcome.path, outcome.account = path, stem_of(path)
    return outcome


def change_managers(registry: Registry, form: Form, filled: Filled, today: dt.date) -> Outcome:
    changed = {
        key: answer
        for key, answer in _given(form, filled).items()
        if key in ("leader", "contact", "admin", "reviewer")
        and answer not in ([], "")
        and not ({answer} if isinstance(answer, str) else set(answer)) <= UNCHANGED
    }

    def edit(text: str, problems: list[str]) -> tuple[str, set[str]]:
        # The people are read as nmr new reads them: the same checks, the same words.
        asker = Asker(changed, interactive=False, problems=problems)
        touched = {"filings"}
        for key, role, qq in (("leader", "主管领导", False), ("contact", "联系人", True)):
            if key in changed:
                text = set_block(text, key, _person_block(key, _person(asker, key, role, qq=qq)))
                touched.add(key)
        for key, field_key, role, contact in (
            ("admin", "admins", "后台管理人员", True),
            ("reviewer", "reviewers", "内容审核专人", False),
        ):
            if key in changed:
                people = _people(asker, key, role, contact_details=contact)
                text = set_block(text, field_key, _list_block(field_key, people))
                touched.add(field_key)
        if touched == {"filings"}:
            problems.append("表单中的人员都写了“不变”：没有需要变更备案的内容")
        filing = {
            "filed_on": _date_answer(filled, "filed_on", "登记表报送日期", today, problems),
            "reason": "manager-change",
            "signed_by": filled.answers.get("signed_by", "").strip(),
            "sealed": bool(form.confirm and form.confirm[0] in filled.confirmed),
            "changed_on": _date_answer(filled, "changed_on", "变更日期", today, problems),
        }
        return append_item(text, "filings", filing), touched

    return _edit(registry, form, filled, edit, today)


def annual_review(registry: Registry, form: Form, filled: Filled, today: dt.date) -> Outcome:
    def edit(text: str, problems: list[str]) -> tuple[str, set[str]]:
        year_text = filled.answers.get("year", "").strip()
        if not re.fullmatch(r"\d{4}", year_text):
            problems.append(f"年度“{year_text}”应写成四位数字，例如 {today.year}")
            return text, set()
        entry: dict[str, Any] = {
            "year": int(year_text),
            "submitted_on": _date_answer(filled, "submitted_on", "报送日期", today, problems),
        }
        if filled.answers.get("last_post_on"):
            entry["last_post_on"] = _date_answer(
                filled, "last_post_on", "最后发布日期", today, problems
            )
        return append_item(text, "annual_reviews", entry), {"annual_reviews"}

    return _edit(registry, form, filled, edit, today)


def close(registry: Registry, form: Form, filled: Filled, today: dt.date) -> Outcome:
    reasons = {label: key for key, label in CLOSURE_REASON.items()}

    def edit(text: str, problems: list[str]) -> tuple[str, set[str]]:
        label = filled.answers.get("reason", "").strip()
        if label not in reasons:
            problems.append(f"注销原因“{label}”应是：{'、'.join(reasons)}之一")
        closure: dict[str, Any] = {
            "closed_on": _date_answer(filled, "closed_on", "注销日期", today, problems),
            "reason": reasons.get(label, "other"),
        }
        for key in ("ordered_by", "note"):
            if filled.answers.get(key):
                closure[key] = " ".join(filled.answers[key].split())
        text = re.sub(r"(?m)^status:\s*\S+", "status: closed", text, count=1)
        return set_block(text, "closure", [f"closure: {flow(closure)}"]), {"status", "closure"}

    return _edit(registry, form, filled, edit, today)


BUILDERS = {
    "register": register,
    "change-managers": change_managers,
    "annual-review": annual_review,
    "close": close,
}


def from_issue(
    registry: Registry, body: str, labels: list[str], title: str, today: dt.date
) -> Outcome:
    form = which_form(registry, labels, title)
    if form is None:
        names = "、".join(f"“{f.name}”" for f in forms(registry))
        return Outcome(
            "", problems=[f"这个 issue 不是用登记表单填写的：请用 {names} 之一新建 issue"]
        )
    filled = read(body, form)
    outcome = BUILDERS[form.key](registry, form, filled, today)
    outcome.notes += [f"未识别的段落“{md(label)}”，已忽略" for label in filled.unknown]
    return outcome


MARKER = "<!-- nmr-from-issue -->"
FIX_LABEL = "待补正"


def comment(outcome: Outcome, pull_url: str | None = None) -> str:
    """The one comment on the issue (updated in place): what was done, or every problem."""
    lines = [MARKER]
    if outcome.ok:
        lines.append(f"✅ 已按“{md(outcome.form)}”表单生成 `{outcome.path}`，检查通过。")
        if pull_url:
            lines.append(
                f"合并请求：{pull_url}（审批单位审核后合并；修改请直接编辑本 issue，合并请求会自动更新）"
            )
    else:
        lines += [
            f"❌ “{md(outcome.form) or '表单'}”还有以下问题，请编辑本 issue 修改后保存，本库会自动重新检查：",
            "",
            *(f"- {md(problem)}" for problem in outcome.problems),
        ]
    if outcome.notes:
        lines += ["", *(f"- {note}" for note in outcome.notes)]
    return "\n".join(lines) + "\n"
