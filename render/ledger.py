"""``nmr render ledger``: 台账.xlsx, the internal register higher authorities ask for.

It holds personal data (contacts, phones, e-mails): an internal build artifact, never
published. Sheets: 在用账号 and 已注销账号 (every 附件1 field, status, last review and its
result, next due date), then 备案记录 and 年检记录 (the full histories, one row each), so
that ``nmr import`` can read the ledger back into records that match the originals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from nmr.engine.deadlines import deadlines, latest_result, rectification, review_window, review_year
from nmr.engine.queue import Season, desk
from nmr.engine.registry import Registry, account_paths, load_account
from nmr.render.escape import xml_text
from nmr.render.output import owned_folder
from nmr.schemas.labels import REVIEW_RESULT
from nmr.schemas.models import Account, ExtraField, Person, PersonalHost, Policy

FILENAME = "台账.xlsx"
ACTIVE, CLOSED, FILINGS, REVIEWS = "在用账号", "已注销账号", "备案记录", "年检记录"


def people_cell(people: Sequence[Person], with_contact: bool = True) -> str:
    """One person per line: 姓名，职务，电话，邮箱 (the form nmr import reads back)."""
    if with_contact:
        return "\n".join(f"{p.name}，{p.title}，{p.phone}，{p.email}" for p in people)
    return "\n".join(f"{p.name}，{p.title}" for p in people)


def _next_due(account: Account, policy: Policy, today: dt.date) -> dt.date | None:
    if account.status == "closed":
        return None
    done = {review.year for review in account.annual_reviews}
    year = today.year if today >= review_window(policy, today.year)[0] else today.year - 1
    while year in done:
        year += 1
    return review_window(policy, year)[1]


Column = tuple[str, Callable[[Account], Any], float]


def account_columns(registry: Registry, today: dt.date) -> list[Column]:
    policy = registry.policy

    def unit_name(a: Account) -> str:
        unit = registry.unit(a.unit)
        return unit.name if unit else a.unit

    def last_review(a: Account) -> Any:
        return latest_result(a)  # the newest decision: a re-review after a failure counts

    def overdue(a: Account) -> str:
        late = [d for d in deadlines(a, policy, today) if d.state(today) == "overdue"]
        return "、".join(f"{d.due_on} {OVERDUE_LABELS[d.kind]}" for d in late) or "否"

    def rectify_by(a: Account) -> Any:
        deadline = rectification(a, policy)
        return deadline.due_on if deadline is not None else None

    return [
        ("登记编号", lambda a: a.id, 22),
        ("新媒体号", lambda a: a.handle, 18),
        ("新媒体昵称", lambda a: a.name, 24),
        ("新媒体ID", lambda a: a.platform_id, 18),
        ("新媒体类型", lambda a: policy.platform_label(a.platform), 12),
        ("主办单位", unit_name, 18),
        ("宗旨", lambda a: a.purpose.mission, 30),
        ("信息发布范围", lambda a: a.purpose.scope, 24),
        ("访问范围", lambda a: a.purpose.audience, 10),
        ("链接", lambda a: a.url, 24),
        ("开通日期", lambda a: a.opened_on, 12),
        ("实名认证", lambda a: "是" if a.verification.verified else "否", 9),
        ("认证主体", lambda a: a.verification.subject, 22),
        ("认证日期", lambda a: a.verification.verified_on, 12),
        ("联系人", lambda a: a.contact.name, 10),
        ("联系人职务", lambda a: a.contact.title, 12),
        ("联系电话", lambda a: a.contact.phone, 15),
        ("联系人邮箱", lambda a: a.contact.email, 24),
        ("QQ号", lambda a: a.contact.qq, 12),
        ("主管领导", lambda a: a.leader.name, 10),
        ("主管领导职务", lambda a: a.leader.title, 12),
        ("主管领导电话", lambda a: a.leader.phone, 15),
        ("主管领导邮箱", lambda a: a.leader.email, 24),
        ("后台管理人员", lambda a: people_cell(a.admins), 46),
        ("内容审核专人", lambda a: "\n".join(f"{r.name}，{r.title}" for r in a.reviewers), 22),
        ("答复期限（天）", lambda a: a.reply_commitment_days, 9),
        ("承诺书签署人", lambda a: a.commitment.signed_by, 12),
        ("承诺书日期", lambda a: a.commitment.signed_on, 12),
        ("状态", lambda a: a.status, 10),
        ("最近年检年度", lambda a: r.year if (r := last_review(a)) else None, 9),
        ("最近年检结果", lambda a: REVIEW_RESULT[r.result] if (r := last_review(a)) else None, 9),
        ("下次年检截止", lambda a: _next_due(a, policy, today), 12),
        ("是否逾期", overdue, 24),
        ("整改期限", rectify_by, 12),
        ("注销日期", lambda a: a.closure.closed_on if a.closure else None, 12),
        ("注销原因", lambda a: a.closure.reason if a.closure else None, 14),
        ("责令单位", lambda a: a.closure.ordered_by if a.closure else None, 12),
        ("注销说明", lambda a: a.closure.note if a.closure else None, 24),
        ("个人代为开通", lambda a: _host(a.personal_host), 16),
        *(_extra_column(field) for field in policy.extra_fields),
    ]


def _host(host: PersonalHost | None) -> str | None:
    return f"{host.name}（{host.title}）" if host and host.title else host.name if host else None


def _extra_column(field: ExtraField) -> Column:
    return (field.title, lambda a: getattr(a, field.key, None), 16)


OVERDUE_LABELS = {"annual-review": "年度检查", "rectification": "整改", "verification": "实名认证"}
OVERVIEW = "年检统计"


def _overview(
    registry: Registry, today: dt.date
) -> tuple[list[tuple[str, float]], list[list[Any]]]:
    """Per unit, the review season's counts (as nmr due --approver shows them)."""
    year = review_year(registry.policy, today)
    found = desk(registry, today, year)
    headers: list[tuple[str, float]] = [(f"单位（{year} 年度）", 24.0)] + [
        (title, 9.0) for title in ("应报送", "已报送", "待审核", "合格", "不合格", "未报送")
    ]

    def row(name: str, c: Season) -> list[Any]:
        return [name, c.owed, c.submitted, c.pending, c.passed, c.failed, c.missing]

    names = {unit.id: unit.name for unit in registry.units}
    rows = [row(names.get(unit, unit), counts) for unit, counts in found.season.items()]
    return headers, [*rows, row("合计", found.total)]


FILING_COLUMNS: list[tuple[str, str, float]] = [
    ("登记编号", "", 22),
    ("备案日期", "filed_on", 12),
    ("备案原因", "reason", 16),
    ("签字负责人", "signed_by", 12),
    ("已盖章", "sealed", 8),
    ("审批人", "approved_by", 10),
    ("审批日期", "approved_on", 12),
    ("备案编号", "ref", 20),
    ("变更日期", "changed_on", 12),  # last: older ledgers without it still import
]
REVIEW_COLUMNS: list[tuple[str, str, float]] = [
    ("登记编号", "", 22),
    ("年度", "year", 8),
    ("报送日期", "submitted_on", 12),
    ("审核结果", "result", 10),
    ("审核人", "reviewed_by", 10),
    ("审核日期", "reviewed_on", 12),
    ("备注", "note", 30),
    ("最后发布日期", "last_post_on", 12),
]


def _sheet(sheet: Worksheet, headers: Sequence[tuple[str, float]], rows: list[list[Any]]) -> None:
    sheet.append([title for title, _ in headers])
    for row in rows:
        sheet.append([_cell(value) for value in row])
        _as_text(sheet[sheet.max_row])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, (_, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(
                vertical="top", wrap_text=isinstance(cell.value, str) and "\n" in cell.value
            )
    sheet.freeze_panes = "B2"  # the header row and the id column stay in view
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return xml_text(value)  # openpyxl refuses control characters XML cannot carry
    return value


def _as_text(row: tuple[Cell, ...]) -> None:
    """Record text is data: a cell starting with ``=`` is kept as text, never a formula."""
    for cell in row:
        if cell.data_type == "f":
            cell.data_type = "s"


@dataclass(frozen=True, slots=True)
class Ledger:
    path: Path
    active: int
    closed: int
    skipped: tuple[str, ...]  # files that are not valid records: not in the ledger


def write_ledger(registry: Registry, out: Path, today: dt.date) -> Ledger:
    accounts, skipped = [], []
    for path in account_paths(registry):
        record = load_account(registry.root, path, registry.limits, registry.account_model).account
        if record is None:
            skipped.append(path)
        else:
            accounts.append(record.account)
    accounts.sort(key=lambda a: (a.unit, a.id))
    columns = account_columns(registry, today)
    book = Workbook()
    active_sheet = book.active
    assert active_sheet is not None
    active_sheet.title = ACTIVE
    headers = [(title, width) for title, _, width in columns]
    active = [a for a in accounts if a.status != "closed"]
    closed = [a for a in accounts if a.status == "closed"]
    _sheet(active_sheet, headers, [[get(a) for _, get, _ in columns] for a in active])
    _sheet(book.create_sheet(CLOSED), headers, [[get(a) for _, get, _ in columns] for a in closed])
    filing_rows = [
        [a.id, *(getattr(f, key) for _, key, _ in FILING_COLUMNS[1:])]
        for a in accounts
        for f in a.filings
    ]
    _sheet(book.create_sheet(FILINGS), [(t, w) for t, _, w in FILING_COLUMNS], filing_rows)
    review_rows = [
        [a.id, *(getattr(r, key) for _, key, _ in REVIEW_COLUMNS[1:])]
        for a in accounts
        for r in a.annual_reviews
    ]
    _sheet(book.create_sheet(REVIEWS), [(t, w) for t, _, w in REVIEW_COLUMNS], review_rows)
    _sheet(book.create_sheet(OVERVIEW), *_overview(registry, today))
    book.properties.title = f"{registry.policy.institution}新媒体台账（{today}）"
    with owned_folder(out, registry.root, "ledger") as stage:
        book.save(stage / FILENAME)
    return Ledger(out / FILENAME, len(active), len(closed), tuple(skipped))
