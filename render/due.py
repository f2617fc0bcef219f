"""``nmr due``: what each unit must do, and by when, as text, JSON or a Markdown issue body."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence

from nmr.engine.deadlines import DueItem, UnitDue, countdown
from nmr.engine.queue import Desk, Season
from nmr.engine.registry import Registry
from nmr.render.escape import markdown as md
from nmr.render.escape import markdown_code as code
from nmr.render.escape import terminal
from nmr.schemas.models import Policy
from nmr.schemas.text import art, article_label, cited, policy_name

MARKER = "<!-- nmr-due:{unit} -->"
KIND_LABELS = {
    "annual-review": "{year} 年度检查报告",
    "rectification": "年审不合格整改",
    "verification": "平台实名认证",
}
STATE_LABELS = {"due": "待办", "overdue": "**已逾期**"}
ACTIONS = {
    "annual-review": (
        "**年度检查**：用 `nmr render forms <账号编号>` 打印年度检查报告，填写后报{approver}审核；"
        "在账号文件 `annual_reviews` 的末尾追加一行 `- {{year: {year}, submitted_on: 报送日期}}`，提交合并请求。"
    ),
    "rectification": (
        "**整改**：按审核意见（年度检查记录的 `note`）整改，完成后向审批单位申请复查；"
        "复查结果由审批人记录，单位不要自己填写 `result`。无法整改的账号请注销（`status: closed` 并填写 `closure`）。"
    ),
    "verification": (
        "**实名认证**：到平台完成实名认证（{support}提供所需材料），然后在账号文件中填写 "
        "`verification: {verified: true, subject: …, verified_on: …}`。"
    ),
}


def what(item: DueItem, escape: Callable[[str], str] = terminal) -> str:
    label = KIND_LABELS[item.deadline.kind].format(year=item.deadline.year)
    note = f"：整改要求：{escape(item.deadline.note)}" if item.deadline.note else ""
    return f"{label}（{article_label(item.deadline.article)}）{note}"


def heads_of(unit_due: UnitDue, escape: Callable[[str], str] = terminal) -> str:
    heads = unit_due.heads
    return "、".join(f"{escape(h.name)}（{escape(h.title)}）" for h in heads) or "（未登记）"


def as_text(units: Sequence[UnitDue], today: dt.date) -> str:
    if not units:
        return f"{today}：没有待办或逾期的事项。\n"
    out = []
    for unit_due in units:
        unit = unit_due.unit
        out.append(
            f"{terminal(unit.name)}（{unit.id}）  第一责任人：{heads_of(unit_due)}  审核：{unit.team}"
        )
        for item in unit_due.items:
            out.append(
                f"  {item.account:<28} {what(item)}  截止 {item.deadline.due_on}  {countdown(item.days_left).zh}"
            )
        out.append("")
    total = sum(len(u.items) for u in units)
    overdue = sum(u.overdue for u in units)
    out.append(f"{today}：{len(units)} 个单位共 {total} 项待办，其中逾期 {overdue} 项。")
    return "\n".join(out) + "\n"


def as_json(units: Sequence[UnitDue], today: dt.date) -> str:
    document = {
        "version": 1,
        "today": today.isoformat(),
        "units": [
            {
                "unit": u.unit.id,
                "name": u.unit.name,
                "team": u.unit.team,
                "heads": [{"name": h.name, "title": h.title} for h in u.heads],
                "items": [
                    {
                        "account": item.account,
                        "path": item.path,
                        "kind": item.deadline.kind,
                        "article": item.deadline.article,
                        "year": item.deadline.year,
                        "opens_on": item.deadline.opens_on.isoformat(),
                        "due_on": item.deadline.due_on.isoformat(),
                        "state": item.state,
                        "days_left": item.days_left,
                    }
                    for item in u.items
                ],
            }
            for u in units
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def issue_title(unit_due: UnitDue) -> str:
    return f"【新媒体备案提醒】{terminal(unit_due.unit.name)}：{len(unit_due.items)} 项待办"


def issue_body(unit_due: UnitDue, policy: Policy) -> str:
    """The issue for one unit. It names due dates, not countdowns, so it changes only when
    the work does (a new item, an item done, an item becoming overdue)."""
    unit = unit_due.unit
    out = [
        MARKER.format(unit=unit.id),
        f"### {md(unit.name)}：新媒体账号待办事项",
        "",
        f"{unit.team} 请按期办理以下事项。第一责任人（{art('unit-heads')}）：{heads_of(unit_due, md)}。",
        *(
            [
                f"指导单位（{art('student-org-guidance')}）："
                + "、".join(f"{md(g.name)} {g.team}" for g in unit_due.guides)
                + " 请督促办理。"
            ]
            if unit_due.guides
            else []
        ),
        "",
        "| 账号 | 事项 | 截止日期 | 状态 |",
        "|---|---|---|---|",
    ]
    for item in unit_due.items:
        out.append(
            f"| {md(item.name)}（{code(item.account)}） | {what(item, md)} | {item.deadline.due_on} | {STATE_LABELS[item.state]} |"
        )
    out += ["", "**怎么办**", ""]
    for kind in dict.fromkeys(item.deadline.kind for item in unit_due.items):
        years = sorted(
            {
                item.deadline.year
                for item in unit_due.items
                if item.deadline.kind == kind and item.deadline.year
            }
        )
        out.append(
            "- "
            + ACTIONS[kind].format(
                year=years[-1] if years else "年度",
                approver=md(policy_name("approver")),
                support=md(policy_name("support")),
            )
        )
    out += [
        "",
        f"依据：《{md(policy.measures)}》。本提醒由备案库每日自动更新，事项全部办结后自动关闭。",
        "",
    ]
    return "\n".join(out)


def as_markdown(units: Sequence[UnitDue], policy: Policy) -> str:
    if not units:
        return "没有待办或逾期的事项。\n"
    return "\n---\n\n".join(issue_body(unit_due, policy) for unit_due in units)


WAITING_LABELS = {
    "filing": "待审批的备案",
    "review": "待审核的年度检查报告",
    "rectification": "整改中",
    "closure": "整改期满仍未复查合格、应责令注销（{art_annual_review}）",
}


def desk_lines(
    desk: Desk, registry: Registry, year: int, escape: Callable[[str], str]
) -> list[str]:
    """The approver's queue, then the season's counts per unit and in total."""
    out = []
    for kind, label in WAITING_LABELS.items():
        items = [item for item in desk.waiting if item.kind == kind]
        out.append(f"{cited(label)}（{len(items)}）")
        for item in items:
            unit = registry.unit(item.unit)
            due = f"，{item.due_on} 截止" if item.due_on else ""
            detail = f"，{escape(item.detail)}" if item.detail else ""
            out.append(
                f"  {item.account}  {escape(item.name)}（{escape(unit.name if unit else item.unit)}）"
                f"  自 {item.since}{due}{detail}"
            )
    out.append("")
    out.append(
        f"{year} 年度检查（{art('annual-review')}）：已报送 / 待审核 / 合格 / 不合格 / 未报送"
    )
    for unit_id, counts in desk.season.items():
        unit = registry.unit(unit_id)
        out.append(f"  {escape(unit.name if unit else unit_id)}：{_counts(counts)}")
    out.append(f"  合计：{_counts(desk.total)}")
    return out


def _counts(counts: Season) -> str:
    return f"{counts.submitted} / {counts.pending} / {counts.passed} / {counts.failed} / {counts.missing}"


def desk_json(desk: Desk, today: dt.date, year: int) -> str:
    def row(counts: Season) -> dict[str, int]:
        return {
            "owed": counts.owed,
            "submitted": counts.submitted,
            "pending": counts.pending,
            "passed": counts.passed,
            "failed": counts.failed,
            "missing": counts.missing,
        }

    document = {
        "version": 1,
        "today": today.isoformat(),
        "year": year,
        "waiting": [
            {
                "kind": item.kind,
                "account": item.account,
                "path": item.path,
                "unit": item.unit,
                "since": item.since.isoformat(),
                "due_on": item.due_on.isoformat() if item.due_on else None,
                "detail": item.detail,
            }
            for item in desk.waiting
        ],
        "season": {unit: row(counts) for unit, counts in desk.season.items()},
        "total": row(desk.total),
        "skipped": desk.skipped,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
