"""``nmr render forms``: the three forms of each account, as PDF and DOCX, drafts marked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nmr.engine.change import load_changes
from nmr.engine.deadlines import owes_review, review_year
from nmr.engine.office import routes
from nmr.engine.paper import Paper, for_change, for_record
from nmr.engine.registry import Registry, load_account, require_frame, stem_of
from nmr.engine.run import check
from nmr.render.forms import build
from nmr.render.forms.fonts import require_cjk_font
from nmr.render.forms.model import Form
from nmr.render.forms.pdf import write_pdf
from nmr.render.forms.record import RecordView
from nmr.render.forms.word import write_docx
from nmr.render.output import owned_folder
from nmr.schemas.errors import NmrError
from nmr.schemas.finding import Finding, Severity
from nmr.schemas.models import ID_PATTERN, UNIT_ID_PATTERN
from nmr.schemas.source import load
from nmr.schemas.text import Template

NO_SUCH_ACCOUNTS = Template(
    "render.forms.render.no-such-accounts",
    "没有这些账号：{unknown}",
    "no such accounts: {unknown_2}",
)
BAD_UNIT_FOLDER = Template(
    "render.forms.render.bad-unit-folder",
    "{path} 不在合法的单位文件夹中：请先运行 nmr check 修正。",
    "{path}: bad unit folder.",
)
NOT_NAMED_AFTER_VALID_ID = Template(
    "render.forms.render.not-named-after-valid-id",
    "{path} 的文件名不是合法的登记编号，没有生成文书；请先运行 nmr check 修正。",
    "{path} is not named after a valid id: run nmr check first.",
)
CANNOT_BE_READ_RUN_NMR = Template(
    "render.forms.render.cannot-be-read-run-nmr",
    "{path} 无法读取（{message}），请先运行 nmr check 修正。",
    "{path} cannot be read: run nmr check.",
)
DUPLICATE_ID_WOULD_BE_OVERWRITTEN = Template(
    "render.forms.render.duplicate-id-would-be-overwritten",
    "登记编号 {stem} 重复，{name} 会被覆盖：请先运行 nmr check 修正。",
    "duplicate id {stem}: {name} would be overwritten.",
)

ID = re.compile(ID_PATTERN.strip("^$"))
UNIT = re.compile(UNIT_ID_PATTERN.strip("^$"))


@dataclass(frozen=True, slots=True)
class Rendered:
    account: str
    files: tuple[Path, ...]
    draft: bool


def _paths(registry: Registry, ids: Sequence[str]) -> list[str]:
    """Every readable record, or those of ``ids``; a duplicated id yields all its files."""
    by_id: dict[str, list[str]] = {}
    for entry in registry.entries:
        if entry.is_readable_record:
            by_id.setdefault(stem_of(entry.path), []).append(entry.path)
    if not ids:
        return sorted(path for paths in by_id.values() for path in paths)
    unknown = [account for account in ids if account not in by_id]
    if unknown:
        raise NmrError(NO_SUCH_ACCOUNTS(unknown="、".join(unknown), unknown_2=", ".join(unknown)))
    return [path for account in dict.fromkeys(ids) for path in by_id[account]]


def form(view: RecordView, paper: Paper, draft: bool) -> Form:
    if paper.kind == "registration":
        return build.registration(view, draft, paper.change)
    if paper.kind == "commitment":
        return build.commitment(view, draft)
    if paper.kind == "closure":
        return build.closure(view, draft)
    assert paper.year is not None
    return build.annual_report(view, paper.year, draft)


@dataclass(frozen=True, slots=True)
class Selection:
    """What to print: kinds (None: what each record needs), units, and the change (``--base``)."""

    kinds: frozenset[str] | None = None
    units: frozenset[str] | None = None
    base: str | None = None


def _papers(
    registry: Registry, path: str, year: int, changed: dict[str, list[Paper]] | None
) -> list[Paper]:
    if changed is not None:
        return changed.get(path, [])
    record = load_account(registry.root, path, registry.limits, registry.account_model).account
    if record is None:  # a draft: print what a new record needs, and the report
        return [Paper("registration"), Paper("commitment"), Paper("report", year)]
    account = record.account
    return for_record(account, year, owes_review(account, registry.policy, year))


def render_forms(
    root: Path,
    ids: Sequence[str],
    out: Path,
    today: dt.date | None = None,
    year: int | None = None,
    selection: Selection = Selection(),
) -> list[Rendered]:
    """The documents each record (or each change, with a base) needs, one folder per unit."""
    font = require_cjk_font()
    registry = require_frame(root, units=True)
    paths = _paths(registry, ids)
    if selection.units is not None:
        paths = [p for p in paths if p.split("/")[1] in selection.units]
    changed = None
    before: dict[str, dict[str, Any]] = {}  # each changed record as it was at the base
    if selection.base is not None:
        change = load_changes(root, selection.base, registry.limits)
        changed = {item.path: for_change(item) for item in change.accounts}
        before = {
            item.path: item.old.model_dump(mode="python")
            for item in change.accounts
            if item.old is not None
        }
        paths = [p for p in paths if p in changed]
    outcome = check(root, today, only=paths, use_cache=False)  # writes nothing into the registry
    errors = {f.path for f in outcome.findings if content_error(f)}
    day = outcome.today or dt.date.today()
    review = year or review_year(registry.policy, day)
    done = []
    with owned_folder(out, root, "forms") as stage:
        for path in paths:
            papers = [
                paper
                for paper in _papers(registry, path, review, changed)
                if selection.kinds is None or paper.kind in selection.kinds
            ]
            if papers:
                folder = stage / _unit_folder(path)
                folder.mkdir(exist_ok=True)
                done.append(
                    _render_one(
                        registry, path, folder, font, papers, path in errors, before.get(path)
                    )
                )
    return [
        Rendered(r.account, tuple(out / f.parent.name / f.name for f in r.files), r.draft)
        for r in done
    ]


FORM_COLLECTS = re.compile(r"^filings\[\d+\](\.sealed)?$")


def content_error(finding: Finding) -> bool:
    """An error in what the form says. The missing seal and approval are what the printed
    form is for (it goes out to be sealed and approved): they never make it a draft."""
    return finding.severity is Severity.ERROR and not (
        finding.rule == "filing-complete" and FORM_COLLECTS.match(finding.field or "")
    )


def _unit_folder(path: str) -> str:
    unit = path.split("/")[1]
    if not UNIT.fullmatch(unit):
        raise NmrError(BAD_UNIT_FOLDER(path=path))
    return unit


def _render_one(
    registry: Registry,
    path: str,
    out: Path,
    font: str,
    papers: list[Paper],
    draft: bool,
    before: dict[str, Any] | None = None,
) -> Rendered:
    """The documents of one record, named after its file (a validated id), never its text."""
    root = registry.root
    stem = stem_of(path)
    if not ID.fullmatch(stem):
        raise NmrError(NOT_NAMED_AFTER_VALID_ID(path=path))
    loaded = load(root, path, registry.limits)
    if loaded.document is None or not isinstance(loaded.document.data, dict):
        raise NmrError(
            CANNOT_BE_READ_RUN_NMR(
                path=path, message=loaded.findings[0].message.zh if loaded.findings else "不是映射"
            )
        )
    data = loaded.document.data
    unit = registry.unit(str(data.get("unit", "")))
    routed = routes(registry, unit) if unit is not None else []
    guides = tuple(other.name for other, route in routed if route == "guide")
    parent = next((other.name for other, route in routed if route == "parent"), None)
    view = RecordView(data, registry.policy, unit, guides, registry.approver_name, parent, before)
    files: list[Path] = []
    for paper in papers:
        document = form(view, paper, draft)
        name = f"{stem}{document.file_suffix}"
        for target in (out / f"{name}.pdf", out / f"{name}.docx"):
            if target.exists():  # two records with one id (duplicate-id): never overwrite
                raise NmrError(DUPLICATE_ID_WOULD_BE_OVERWRITTEN(stem=stem, name=target.name))
        files.append(write_pdf(document, font, out / f"{name}.pdf"))
        files.append(write_docx(document, out / f"{name}.docx"))
    return Rendered(stem, tuple(files), draft)
