"""``nmr render ledger``: 台账.xlsx, the internal register higher authorities ask for.

It holds personal data (contacts, phones, e-mails): an internal build artifact, never
published. Sheets: 在用账号 and 已注销账号 (every 附件1 field, status, last review and its
result, next due date), then 备案记录 and 年检记录 (the full histories, one row each), so
that ``nmr import`` can read the ledger back into records that match the originals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nmr.engine.deadlines import (
    deadlines,
    latest_result,
    owes_review,
    rectification,
    review_window,
    review_year,
)
from nmr.engine.queue import Desk, Season, add_to_desk, close_desk, open_desk
from nmr.engine.registry import Registry, account_paths, load_account
from nmr.render.escape import xml_text
from nmr.render.output import owned_folder
from nmr.schemas.labels import AUDIENCE, CLOSURE_REASON, FILING_REASON, REVIEW_RESULT, STATUS
from nmr.schemas.models import Account, ExtraField, Person, PersonalHost, Policy

FILENAME = "台账.xlsx"
ACTIVE, CLOSED, FILINGS, REVIEWS = "在用账号", "已注销账号", "备案记录", "年检记录"


def people_cell(people: Sequence[Person], with_contact: bool = True) -> str:
    """One person per line: 姓名，职务，电话，邮箱 (the form nmr import reads back)."""
    if with_contact:
        return "\n".join(f"{p.name}，{p.title}，{p.phone}，{p.email}" for p in people)
    return "\n".join(f"{p.name}，{p.title}" for p in people)


def _next_due(account: Account, policy: Policy, today: dt.date) -> dt.date | None:
    """The due date of the first review, from this season on, that the account owes and has
    not filed: never a year it did not exist in (as owes_review reads the policy)."""
    if account.status in ("closed", "proposed") or policy.annual_review is None:
        return None
    done = {review.year for review in account.annual_reviews}
    last = max(today.year, account.opened_on.year) + 1  # a year it is open on the first day
    for year in range(review_year(policy, today), last + 1):
        if year not in done and owes_review(account, policy, year):
            return review_window(policy, year)[1]
    return None


Column = tuple[str, Callable[[Account], Any], float]


def fit(values: Iterable[str], at_least: float) -> float:
    """A width that shows the longest of ``values`` whole (a CJK character is two units)."""
    widest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in v) for v in values), default=0)
    return max(at_least, widest + 2.0)


def account_columns(registry: Registry, today: dt.date) -> list[Column]:
    policy = registry.policy
    platforms = policy.platform_labels.values()
    units = [unit.name for unit in registry.units]

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
        ("新媒体类型", lambda a: policy.platform_label(a.platform), fit(platforms, 12)),
        ("主办单位", lambda a: _unit_name(registry, a), fit(units, 18)),
        ("宗旨", lambda a: a.purpose.mission, 30),
        ("信息发布范围", lambda a: a.purpose.scope, 24),
        ("访问范围", lambda a: AUDIENCE.get(a.purpose.audience), fit(AUDIENCE.values(), 10)),
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
        ("状态", lambda a: STATUS.get(a.status), fit(STATUS.values(), 10)),
        ("最近年检年度", lambda a: r.year if (r := last_review(a)) else None, 9),
        ("最近年检结果", lambda a: REVIEW_RESULT[r.result] if (r := last_review(a)) else None, 9),
        ("下次年检截止", lambda a: _next_due(a, policy, today), 12),
        ("是否逾期", overdue, 24),
        ("整改期限", rectify_by, 12),
        ("注销日期", lambda a: a.closure.closed_on if a.closure else None, 12),
        (
            "注销原因",
            lambda a: CLOSURE_REASON.get(a.closure.reason) if a.closure else None,
            fit(CLOSURE_REASON.values(), 10),
        ),
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


def _overview_rows(
    registry: Registry, found: Desk, year: int
) -> tuple[list[tuple[str, float]], list[list[Any]]]:
    """Per unit, the review season's counts (as nmr due --approver shows them)."""
    headers: list[tuple[str, float]] = [(f"单位（{year} 年度）", 24.0)] + [
        (title, 9.0) for title in ("应报送", "已报送", "待审核", "合格", "不合格", "未报送")
    ]

    def row(name: str, c: Season) -> list[Any]:
        return [name, c.owed, c.submitted, c.pending, c.passed, c.failed, c.missing]

    names = {unit.id: unit.name for unit in registry.units}
    rows = [row(names.get(unit, unit), counts) for unit, counts in found.season.items()]
    return headers, [*rows, row("合计", found.total)]


# The history sheets repeat the account's name and unit so a printed page reads on its own.
NAME_COLUMNS: list[tuple[str, str, float]] = [("新媒体昵称", "", 24), ("主办单位", "", 18)]
FILING_COLUMNS: list[tuple[str, str, float]] = [
    ("登记编号", "", 22),
    ("备案日期", "filed_on", 12),
    ("备案原因", "reason", fit(FILING_REASON.values(), 10)),
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
    ("审核结果", "result", fit(REVIEW_RESULT.values(), 10)),
    ("审核人", "reviewed_by", 10),
    ("审核日期", "reviewed_on", 12),
    ("备注", "note", 30),
    ("最后发布日期", "last_post_on", 12),
]


HEADER_FONT, HEADER_FILL = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP, TOP_WRAPPED = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)


TITLE_FONT = Font(bold=True, size=14)
PAPER_A3 = 8  # ECMA-376 paper size code
SERIAL = ("序号", 6.0)
HEADER_ROW = 2  # row 1 is the title: institution, sheet and date


class _Sheet:
    """A write-only sheet ready to print: a title row, then the header row, 序号 first;
    landscape A3 fitted to the page width, the title and header rows repeated on every
    page, panes frozen below the header and right of the id. Rows go to disk as they come,
    so memory does not grow with the registry (openpyxl's write-only mode). Record text is
    always a string cell, never a formula."""

    def __init__(
        self,
        book: Workbook,
        title: str,
        headers: Sequence[tuple[str, float]],
        caption: str,
        *,
        numbered: bool = True,
    ) -> None:
        self.sheet = book.create_sheet(title)
        self.numbered = numbered
        headers = [SERIAL, *headers] if numbered else list(headers)
        self.width = len(headers)
        self.rows = 0
        for index, (_, width) in enumerate(headers, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = f"{'C' if numbered else 'B'}{HEADER_ROW + 1}"
        self.sheet.print_title_rows = f"1:{HEADER_ROW}"
        setup = self.sheet.page_setup
        setup.orientation, setup.paperSize = "landscape", PAPER_A3
        setup.fitToWidth, setup.fitToHeight = 1, 0
        self.sheet.sheet_properties.pageSetUpPr.fitToPage = True
        self.sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
        heading = WriteOnlyCell(self.sheet, value=xml_text(f"{caption}·{title}"))
        heading.data_type, heading.font = "s", TITLE_FONT
        self.sheet.append([heading])
        self.sheet.append([self._header(title) for title, _ in headers])

    def _header(self, title: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=xml_text(title))
        cell.data_type = "s"
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        return cell

    def append(self, values: Sequence[Any]) -> None:
        self.rows += 1
        serial = [self.rows] if self.numbered else []
        self.sheet.append([self._cell(value) for value in [*serial, *values]])

    def _cell(self, value: Any) -> WriteOnlyCell:
        value = _cell(value)
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # "=…" in a record stays text
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        cell.alignment = TOP_WRAPPED if isinstance(value, str) and "\n" in value else TOP
        return cell

    def close(self) -> None:
        last = self.rows + HEADER_ROW
        self.sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(self.width)}{last}"


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return xml_text(value)  # openpyxl refuses control characters XML cannot carry
    return value


# Enumerated history values as the office reads them; nmr import reads both back.
HISTORY_LABELS: dict[str, dict[Any, str]] = {"reason": FILING_REASON, "result": REVIEW_RESULT}


def _history_headers(
    columns: list[tuple[str, str, float]], registry: Registry
) -> list[tuple[str, float]]:
    """The history columns, then the account's name and unit (last: older ledgers still
    import, their columns keep their places)."""
    (name, _, name_width), (unit, _, unit_width) = NAME_COLUMNS
    units = fit((u.name for u in registry.units), unit_width)
    return [(title, width) for title, _, width in columns] + [(name, name_width), (unit, units)]


def _history_cells(entry: Any, columns: list[tuple[str, str, float]]) -> list[Any]:
    cells = []
    for _, key, _ in columns[1:]:
        value = getattr(entry, key)
        cells.append(HISTORY_LABELS[key].get(value, value) if key in HISTORY_LABELS else value)
    return cells


def _unit_name(registry: Registry, account: Account) -> str:
    unit = registry.unit(account.unit)
    return unit.name if unit else account.unit


@dataclass(frozen=True, slots=True)
class Ledger:
    path: Path
    active: int
    closed: int
    skipped: tuple[str, ...]  # files that are not valid records: not in the ledger


def _in_order(path: str) -> tuple[str, str]:
    """Unit folder, then id: the order of the sheets, without holding every record."""
    folder, _, name = path.removeprefix("accounts/").rpartition("/")
    return folder, name


def write_ledger(registry: Registry, out: Path, today: dt.date) -> Ledger:
    """台账.xlsx in one pass over the records, in constant memory.

    The output folder is claimed first: a refused folder never leaves a half-built workbook
    (whose write-only sheets hold open files) behind.
    """
    book = Workbook(write_only=True)
    try:
        with owned_folder(out, registry.root, "ledger") as stage:
            counts = _write_book(book, registry, stage / FILENAME, today)
    except BaseException:
        for sheet in book.worksheets:  # finish the streams a failure left open
            with contextlib.suppress(Exception):
                sheet.close()
        raise
    return Ledger(out / FILENAME, *counts)


def _write_book(
    book: Workbook, registry: Registry, target: Path, today: dt.date
) -> tuple[int, int, tuple[str, ...]]:
    columns = account_columns(registry, today)
    headers = [(title, width) for title, _, width in columns]
    year = review_year(registry.policy, today)
    queue = open_desk(registry)
    caption = f"{registry.policy.institution}新媒体账号台账（{today.isoformat()}）"
    active = _Sheet(book, ACTIVE, headers, caption)
    closed = _Sheet(book, CLOSED, headers, caption)
    filings = _Sheet(book, FILINGS, _history_headers(FILING_COLUMNS, registry), caption)
    reviews = _Sheet(book, REVIEWS, _history_headers(REVIEW_COLUMNS, registry), caption)
    for path in sorted(account_paths(registry), key=_in_order):
        record = load_account(registry.root, path, registry.limits, registry.account_model).account
        account = record.account if record is not None else None
        add_to_desk(queue, path, account, registry, today, year)
        if account is None:
            continue
        sheet = closed if account.status == "closed" else active
        sheet.append([get(account) for _, get, _ in columns])
        names = [account.name, _unit_name(registry, account)]
        for filing in account.filings:
            filings.append([account.id, *_history_cells(filing, FILING_COLUMNS), *names])
        for review in account.annual_reviews:
            reviews.append([account.id, *_history_cells(review, REVIEW_COLUMNS), *names])
    overview = _Sheet(
        book,
        OVERVIEW,
        (found := _overview_rows(registry, close_desk(queue), year))[0],
        caption,
        numbered=False,
    )
    for row in found[1]:
        overview.append(row)
    for sheet in (active, closed, filings, reviews, overview):
        sheet.close()
    book.properties.title = f"{registry.policy.institution}新媒体台账（{today}）"
    book.save(target)
    return active.rows, closed.rows, tuple(queue.skipped)
