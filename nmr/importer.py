"""``nmr import LEDGER.xlsx``: adopt an existing Excel 台账, one YAML record per row.

Reads the header row by the usual Chinese column names (or a ``--columns`` mapping),
maps platform and unit names to ids, and copes with what Excel ledgers look like: phone
numbers stored as numbers, dates as serial numbers or as text like 2016年5月18日, merged
cells, trailing blank rows. A row it cannot map is reported with its sheet and row number
and skipped; an existing file is never overwritten. The ledger written by
``nmr render ledger`` (with its 备案记录 and 年检记录 sheets) reads back losslessly.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from nmr import normalise
from nmr.engine.registry import Registry, is_account_path, stem_of
from nmr.handles import HandleIndex
from nmr.render.escape import terminal
from nmr.render.ledger import FILING_COLUMNS, FILINGS, REVIEW_COLUMNS, REVIEWS
from nmr.render.record_yaml import write_new
from nmr.schemas import labels
from nmr.schemas.errors import NmrError
from nmr.schemas.files import Unreadable, read_regular
from nmr.schemas.models import ID_PATTERN
from nmr.schemas.source import parse
from nmr.schemas.text import Template

OLD_XLS_FILE = Template(
    "importer.old-xls-file", "{path} 是旧版 .xls 文件。{resave}", "{path} is an old .xls file."
)
NOT_XLSX_WORKBOOK = Template(
    "importer.not-xlsx-workbook",
    "{path} 不是 .xlsx 工作簿（可能是 CSV、文本或改了扩展名的文件）。{resave}",
    "{path} is not an .xlsx workbook.",
)
NOT_WORKBOOK = Template(
    "importer.not-workbook", "{path} 不是 Excel 工作簿。{resave}", "{path} is not a workbook."
)
UNPACKS_BYTES_REFUSED = Template(
    "importer.unpacks-bytes-refused",
    "{path} 解压后有 {unpacked} 字节，异常地大，没有导入。",
    "{path} unpacks to {unpacked} bytes; refused.",
)
MAPS_COLUMN_NAMES_FIELDS = Template(
    "importer.maps-column-names-fields",
    "{path} 应写成“表中列名: 字段”，字段取：{headers}",
    "{path} maps column names to fields: {headers_2}",
)
SHEETS_OVER_ROWS = Template(
    "importer.sheets-over-rows",
    "工作表“{terminal}”超过 {spreadsheet_rows} 行，没有导入；请删除多余的行，或分成几个文件导入。",
    "sheets over {spreadsheet_rows} rows: {too_long}",
)
CANNOT_READ = Template(
    "importer.cannot-read", "{path} 不是可以读取的普通文件（{problem}）。", "cannot read {path}."
)
DAMAGED_OR_NOT_WORKBOOK = Template(
    "importer.damaged-or-not-workbook",
    "{path} 已损坏或不是 Excel 工作簿（{terminal}）：请用 Excel 或 WPS 打开后“另存为” .xlsx 再导入。",
    "{path} is damaged or not a workbook ({name}).",
)
DAMAGED = Template("importer.damaged", "{path} 已损坏。{resave}", "{path} is damaged.")
UNREADABLE_HISTORY_SHEET = Template(
    "importer.unreadable-history-sheet",
    "{path} 的备案记录或年检记录工作表有无法识别的值：{terminal}",
    "{path}: unreadable history sheet: {error}",
)
BYTES_OVER_BYTE_LIMIT = Template(
    "importer.bytes-over-byte-limit",
    "{path} 有 {size} 字节，超过 {limit} 字节的上限：请删去图片和无关工作表后重试，或在 policy/policy.yaml 的 limits.spreadsheet_bytes 中调高上限。",
    "{path} is {size} bytes, over the {limit}-byte limit.",
)

ID = re.compile(ID_PATTERN.strip("^$"))

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("登记编号", "编号"),
    "name": ("新媒体昵称", "新媒体名称", "账号名称", "账号昵称", "名称", "昵称"),
    "platform": ("新媒体类型", "平台类型", "类型", "平台"),
    "handle": ("新媒体号", "账号", "账号/ID", "微信号", "公众号"),
    "platform_id": ("新媒体ID", "原始ID", "UID", "ID"),
    "unit": ("主办单位", "所属单位", "单位", "开通单位"),
    "mission": ("宗旨", "功能定位"),
    "scope": ("信息发布范围", "发布范围"),
    "audience": ("访问范围",),
    "url": ("链接", "网址", "主页"),
    "opened_on": ("开通日期", "开通时间", "注册日期", "注册时间"),
    "verified": ("实名认证", "是否认证"),
    "verified_subject": ("认证主体",),
    "verified_on": ("认证日期",),
    "contact_name": ("联系人", "联系人姓名"),
    "contact_title": ("联系人职务",),
    "contact_phone": ("联系电话", "联系人电话", "电话", "手机"),
    "contact_email": ("联系人邮箱", "邮箱", "电子邮箱", "email", "e-mail"),
    "contact_qq": ("QQ号", "QQ"),
    "leader_name": ("主管领导", "分管领导", "主管领导姓名"),
    "leader_title": ("主管领导职务", "分管领导职务"),
    "leader_phone": ("主管领导电话", "分管领导电话"),
    "leader_email": ("主管领导邮箱", "分管领导邮箱"),
    "admins": ("后台管理人员", "管理员", "管理人员"),
    "reviewers": ("内容审核专人", "审核人员", "审核员"),
    "reply_days": ("答复期限（天）", "答复期限"),
    "commitment_by": ("承诺书签署人",),
    "commitment_on": ("承诺书日期",),
    "status": ("状态", "运行状态"),
    "closed_on": ("注销日期",),
    "closure_reason": ("注销原因",),
    "ordered_by": ("责令单位",),
    "closure_note": ("注销说明",),
}
# Columns a ledger or office sheet often has that no record field holds: read past quietly.
SERIAL_KEYS = frozenset({"序号", "no", "no."})


_key = normalise._key
CLOSURE_REASONS = {_key(label): key for key, label in labels.CLOSURE_REASON.items()}


def _closure_reason(text: str | None) -> str | None:
    return CLOSURE_REASONS.get(_key(text)) if text else None


@dataclass
class Outcome:
    written: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # 工作表 X 第 N 行：…
    columns_left: list[str] = field(default_factory=list)  # columns no field reads


def _fill_merged(sheet: Worksheet) -> None:
    """A merged range shows its value in every cell it covers, as a reader of the sheet sees it."""
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                sheet.cell(row, column).value = value


@dataclass(frozen=True, slots=True)
class Header:
    row: int
    columns: dict[str, int]  # field → column index
    unknown: tuple[str, ...]  # titles no field reads: reported, never dropped in silence


def _header(sheet: Worksheet, names: dict[str, str]) -> Header | None:
    best: Header | None = None
    for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
        found: dict[str, int] = {}
        unknown: list[str] = []
        for column, value in enumerate(row):
            field_name = names.get(_key(value))
            if field_name and field_name not in found:
                found[field_name] = column
            elif not field_name and _text(value) and _key(value) not in SERIAL_KEYS:
                unknown.append(str(_text(value)))
        if len(found) >= 3 and (best is None or len(found) > len(best.columns)):
            best = Header(number, found, tuple(unknown))
    return best


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or QQ number Excel stored as a number
    if isinstance(value, dt.datetime):
        value = value.date()
    text = str(value).strip()
    return text or None


_date = normalise.read_date


def _extra(kind: str, value: Any) -> Any:
    """A cell of an extra field, as its type wants it (what does not fit is kept as text)."""
    if kind == "date":
        return _date(value) or _text(value)
    text = _text(value)
    if text is None or kind in ("text", "choice"):
        return text
    if kind == "boolean":
        return {"是": True, "否": False, "true": True, "false": False}.get(text, text)
    return int(text) if re.fullmatch(r"-?[0-9]{1,9}", text) else text


def _people(text: str | None, with_contact: bool) -> list[dict[str, str]]:
    people = []
    for line in re.split(r"[\n；;]+", text or ""):
        parts = [part.strip() for part in re.split(r"[，,]", line) if part.strip()]
        if not parts:
            continue
        if len(parts) == 1 and "、" in parts[0]:
            people += [{"name": name.strip()} for name in parts[0].split("、") if name.strip()]
            continue
        keys = ["name", "title", "phone", "email"] if with_contact else ["name", "title"]
        person = dict(zip(keys, parts, strict=False))
        if "phone" in person:
            person["phone"] = normalise.clean_phone(person["phone"])
        people.append(person)
    return people


# Labels the ledger writes for enumerated history values, read back to the values.
HISTORY_VALUES: dict[str, dict[str, str | None]] = {
    "reason": {_key(label): value for value, label in labels.FILING_REASON.items()},
    "result": {_key(label): value for value, label in labels.REVIEW_RESULT.items()},
}


def _history_value(key: str, value: Any) -> Any:
    if key.endswith("_on"):
        return _date(value)
    if key == "sealed":
        return value in ("是", True, "true", "y")
    if key == "year":
        return int(value) if value is not None else None
    text = _text(value)
    if key in HISTORY_VALUES and text is not None:
        return HISTORY_VALUES[key].get(_key(text), text)
    return text


class Importer:
    def __init__(self, registry: Registry, columns: dict[str, str] | None = None) -> None:
        self.registry = registry
        self.names = {_key(alias): name for name, aliases in HEADERS.items() for alias in aliases}
        policy = registry.policy
        for extra in policy.extra_fields:  # the ledger titles them; a fork's sheet may key them
            self.names |= {
                _key(extra.title): f"extra.{extra.key}",
                _key(extra.key): f"extra.{extra.key}",
            }
        self.names |= {_key(alias): name for alias, name in (columns or {}).items()}
        self.words = normalise.Words.of(registry)
        self.taken = {stem_of(e.path) for e in registry.entries if is_account_path(e.path)}
        self.handles = HandleIndex(registry)

    def register(self, platform: str, handle: str, path: str) -> None:
        self.handles.register(platform, handle, path)

    def handle_problem(self, platform: str, handle: str | None, shown: str | None = None) -> str:
        return self.handles.problem(platform, handle, shown)

    def platform(self, value: str | None) -> str | None:
        return self.words.platform(value)

    def unit(self, value: str | None) -> str | None:
        return self.words.unit(value, self.registry.policy.institution)

    def histories(
        self, book: Any
    ) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
        """The 备案记录 and 年检记录 sheets of a ledger written by nmr render ledger."""
        filings: dict[str, list[dict[str, Any]]] = {}
        reviews: dict[str, list[dict[str, Any]]] = {}
        for title, columns, into in (
            (FILINGS, FILING_COLUMNS, filings),
            (REVIEWS, REVIEW_COLUMNS, reviews),
        ):
            if title not in book.sheetnames:
                continue
            rows = book[title].iter_rows(values_only=True)
            # The header row names the columns (row 1 in older ledgers, row 2 under a title).
            keys = {_key(t): k for t, k, _ in columns}
            header: dict[int, str] = {}
            for row in rows:
                header = {i: keys[_key(v)] for i, v in enumerate(row) if _key(v) in keys}
                if "" in header.values():
                    break
            id_column = next((i for i, k in header.items() if k == ""), None)
            for row in rows if id_column is not None else ():
                assert id_column is not None
                if id_column >= len(row) or row[id_column] is None:
                    continue
                entry = {
                    k: _history_value(k, row[i]) for i, k in header.items() if k and i < len(row)
                }
                into.setdefault(str(row[id_column]), []).append(
                    {k: v for k, v in entry.items() if v is not None or k == "sealed"}
                )
        return filings, reviews

    def record(
        self, cells: dict[str, Any], filings: list[dict[str, Any]], reviews: list[dict[str, Any]]
    ) -> tuple[str, dict[str, Any]]:
        """(problem or "", record) for one row; the problem says why the row is skipped."""
        text = {key: _text(value) for key, value in cells.items()}
        name = text.get("name")
        if not name:
            return "没有新媒体名称", {}
        platform = self.platform(text.get("platform"))
        if platform is None:
            return (
                f"无法识别的平台“{text.get('platform') or ''}”（可在 policy/policy.yaml 的 platforms 中添加，或用 --columns 指定列）",
                {},
            )
        unit = self.unit(text.get("unit"))
        if unit is None:
            return f"主办单位“{text.get('unit') or ''}”不在 policy/units.yaml 中", {}
        handle = text.get("handle")
        problem = self.handle_problem(platform, handle, text.get("platform"))
        if problem:
            return problem, {}
        given_id = text.get("id")
        if given_id is not None and not ID.fullmatch(given_id):
            return (
                f"登记编号“{terminal(given_id)}”不合法（只能用 3—64 位小写字母、数字和连字符）",
                {},
            )
        if given_id is not None and given_id in self.taken:
            return f"登记编号 {given_id} 已被占用", {}
        account_id = given_id or normalise.propose_id(unit, platform, self.taken)
        record: dict[str, Any] = {
            "id": account_id,
            "name": name,
            "platform": platform,
            "handle": text.get("handle"),
            "platform_id": text.get("platform_id"),
            "url": text.get("url"),
            "unit": unit,
        }
        purpose = {
            "mission": text.get("mission"),
            "scope": text.get("scope"),
            "audience": self.words.audience(text.get("audience")) or text.get("audience"),
        }
        record["purpose"] = {k: v for k, v in purpose.items() if v}
        record["opened_on"] = _date(cells.get("opened_on"))
        verified = text.get("verified")
        if verified is not None:
            record["verification"] = {"verified": verified in ("是", "已认证", "true", "True", "1")}
            if text.get("verified_subject"):
                record["verification"]["subject"] = text["verified_subject"]
            if cells.get("verified_on"):
                record["verification"]["verified_on"] = _date(cells.get("verified_on"))
        for role, fields in (
            ("contact", ("name", "title", "phone", "email", "qq")),
            ("leader", ("name", "title", "phone", "email")),
        ):
            person = {f: text.get(f"{role}_{f}") for f in fields}
            if person["phone"]:
                person["phone"] = normalise.clean_phone(person["phone"])
            if any(person.values()):
                record[role] = {k: v for k, v in person.items() if v}
        record["admins"] = _people(text.get("admins"), with_contact=True)
        record["reviewers"] = _people(text.get("reviewers"), with_contact=False)
        reply_days = text.get("reply_days")
        if reply_days:
            if not re.fullmatch(r"[0-9]{1,3}(\.0+)?", reply_days):
                return f"答复期限“{terminal(reply_days)}”不是天数（应为整数，例如 3）", {}
            record["reply_commitment_days"] = int(float(reply_days))
        if text.get("commitment_by"):
            record["commitment"] = {
                "signed_by": text["commitment_by"],
                "signed_on": _date(cells.get("commitment_on")),
            }
        record["filings"] = filings
        record["annual_reviews"] = reviews
        status = text.get("status") or "active"
        record["status"] = self.words.status(status) or status
        if cells.get("closed_on"):
            closure = {
                "closed_on": _date(cells.get("closed_on")),
                "reason": _closure_reason(text.get("closure_reason"))
                or text.get("closure_reason")
                or "other",
                "ordered_by": text.get("ordered_by"),
                "note": text.get("closure_note"),
            }
            record["closure"] = {k: v for k, v in closure.items() if v is not None}
            record["status"] = "closed"
        for extra in self.registry.policy.extra_fields:
            record[extra.key] = _extra(extra.type, cells.get(f"extra.{extra.key}"))
        self.taken.add(account_id)  # only a row that is written takes its id
        return "", {
            k: v for k, v in record.items() if v not in (None, [], {}) or k in ("annual_reviews",)
        }

    def run(self, path: Path, *, dry_run: bool) -> Outcome:
        limits = self.registry.policy.limits
        book = open_workbook(path, limits.spreadsheet_bytes)
        too_long = [
            sheet.title for sheet in book.worksheets if sheet.max_row > limits.spreadsheet_rows
        ]
        if too_long:
            raise NmrError(
                SHEETS_OVER_ROWS(
                    terminal=terminal("、".join(too_long)),
                    spreadsheet_rows=limits.spreadsheet_rows,
                    too_long=", ".join(too_long),
                )
            )
        try:
            filings, reviews = self.histories(book)
        except (ValueError, OverflowError, TypeError) as error:
            raise NmrError(
                UNREADABLE_HISTORY_SHEET(path=path, terminal=terminal(str(error)), error=error)
            ) from None
        outcome = Outcome()
        for sheet in book.worksheets:
            if sheet.title in (FILINGS, REVIEWS):
                continue
            _fill_merged(sheet)
            header = _header(sheet, self.names)
            if header is None:
                continue
            header_row, columns = header.row, header.columns
            if header.unknown:
                outcome.columns_left.append(
                    f"工作表“{terminal(sheet.title)}”的列 {terminal('、'.join(header.unknown))} "
                    "没有导入：它们不是记录中的字段。若其中有对应字段的，用 --columns 指定"
                    "（例如写一个文件，内容为“负责人: leader_name”），再导入一次。"
                )
            for number, row in enumerate(
                sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
            ):
                if all(value is None or str(value).strip() == "" for value in row):
                    continue  # blank (often trailing) rows
                cells = {
                    key: row[column] if column < len(row) else None
                    for key, column in columns.items()
                }
                try:
                    problem, record = self.record(
                        cells,
                        filings.get(str(cells.get("id") or ""), []),
                        reviews.get(str(cells.get("id") or ""), []),
                    )
                except (ValueError, OverflowError, TypeError) as error:
                    problem, record = _cell_problem(error), {}
                where = f"工作表“{terminal(sheet.title)}”第 {number} 行"
                if problem:
                    outcome.problems.append(f"{where}：{problem}，已跳过。")
                    continue
                rel = f"accounts/{record['unit']}/{record['id']}.yaml"
                target = self.registry.root / rel
                if target.exists() or target.is_symlink():
                    outcome.problems.append(f"{where}：{rel} 已存在，没有覆盖，已跳过。")
                    continue
                if not dry_run:
                    write_new(self.registry.root, rel, record)
                outcome.written.append(rel)
                if record.get("handle"):
                    self.register(record["platform"], record["handle"], rel)
        return outcome


def _cell_problem(error: Exception) -> str:
    if isinstance(error, OverflowError):
        return "数字或日期超出范围（例如日期序号过大）"
    return terminal(normalise.refusal_text(error).zh)


def open_workbook(path: Path, limit: int) -> Any:
    """The workbook, after checking it is a real .xlsx of sane size (never a zip or XML bomb).

    openpyxl parses through defusedxml when it is installed (it is a dependency), which
    refuses entity expansion; the zip is inspected first so that a small file cannot
    unpack into gigabytes.
    """
    try:
        raw = read_regular(path, limit)
    except Unreadable as problem:
        if problem.problem == "too-large":
            raise NmrError(
                BYTES_OVER_BYTE_LIMIT(path=path, size=problem.size, limit=limit)
            ) from None
        raise NmrError(CANNOT_READ(path=path, problem=problem.problem)) from None
    _require_xlsx(path, raw, limit)
    try:
        return load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise NmrError(
            DAMAGED_OR_NOT_WORKBOOK(
                path=path, terminal=terminal(type(error).__name__), name=type(error).__name__
            )
        ) from None


_XLS = b"\xd0\xcf\x11\xe0"  # OLE2: the old binary .xls format
_ZIP = b"PK\x03\x04"
UNPACKED_LIMIT = 16  # times the file's own size limit


def _require_xlsx(path: Path, raw: bytes, limit: int) -> None:
    resave = "请用 Excel 或 WPS 打开后“另存为”Excel 工作簿（.xlsx）再导入。"
    if raw.startswith(_XLS):
        raise NmrError(OLD_XLS_FILE(path=path, resave=resave))
    if not raw.startswith(_ZIP):
        raise NmrError(NOT_XLSX_WORKBOOK(path=path, resave=resave))
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise NmrError(DAMAGED(path=path, resave=resave)) from None
    if "xl/workbook.xml" not in names:
        raise NmrError(NOT_WORKBOOK(path=path, resave=resave))
    if unpacked > limit * UNPACKED_LIMIT:
        raise NmrError(UNPACKS_BYTES_REFUSED(path=path, unpacked=unpacked))


def load_columns(path: Path | None) -> dict[str, str] | None:
    if path is None:
        return None
    try:
        loaded = parse(str(path), read_regular(path, 1 << 16).decode("utf-8"))
    except (Unreadable, UnicodeDecodeError):
        loaded = None
    data = loaded.document.data if loaded is not None and loaded.document is not None else None
    if not isinstance(data, dict) or any(value not in HEADERS for value in data.values()):
        raise NmrError(
            MAPS_COLUMN_NAMES_FIELDS(
                path=path, headers="、".join(HEADERS), headers_2=", ".join(HEADERS)
            )
        )
    return {str(k): str(v) for k, v in data.items()}


def report(outcome: Outcome, dry_run: bool) -> Iterable[str]:
    verb = "将写入" if dry_run else "已写入"
    yield from (f"{verb} {rel}" for rel in outcome.written)
    yield from outcome.problems
    yield from outcome.columns_left
    yield f"{verb} {len(outcome.written)} 个文件，跳过 {len(outcome.problems)} 行。" + (
        "（试运行，没有写入任何文件）" if dry_run else "请运行 nmr check 检查并补全缺少的信息。"
    )
