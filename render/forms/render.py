"""``nmr render forms``: the three forms of each account, as PDF and DOCX, drafts marked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from checks.run import check
from render.forms import build
from render.forms.fonts import require_cjk_font
from render.forms.model import Form
from render.forms.pdf import write_pdf
from render.forms.record import RecordView
from render.forms.word import write_docx
from render.output import owned_folder
from schemas.errors import NmrError
from schemas.finding import Severity
from schemas.models import ID_PATTERN
from schemas.registry import Registry, require_frame, stem_of
from schemas.source import load
from schemas.text import Msg

ID = re.compile(ID_PATTERN.strip("^$"))


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
        raise NmrError(
            Msg(f"没有这些账号：{'、'.join(unknown)}", f"no such accounts: {', '.join(unknown)}")
        )
    return [path for account in dict.fromkeys(ids) for path in by_id[account]]


def forms_for(view: RecordView, year: int, draft: bool) -> list[Form]:
    return [
        build.registration(view, draft),
        build.commitment(view, draft),
        build.annual_report(view, year, draft),
    ]


def render_forms(
    root: Path, ids: Sequence[str], out: Path, today: dt.date | None = None, year: int | None = None
) -> list[Rendered]:
    font = require_cjk_font()
    registry = require_frame(root)
    paths = _paths(registry, ids)
    outcome = check(root, today, only=paths)
    errors = {f.path for f in outcome.findings if f.severity is Severity.ERROR}
    day = outcome.today or dt.date.today()
    review = year or build.review_year(day, registry.policy.annual_review.month)
    with owned_folder(out, root, "forms") as stage:
        done = [_render_one(registry, path, stage, font, review, path in errors) for path in paths]
    return [Rendered(r.account, tuple(out / f.name for f in r.files), r.draft) for r in done]


def _render_one(
    registry: Registry, path: str, out: Path, font: str, review: int, draft: bool
) -> Rendered:
    """The three forms of one record, named after its file (a validated id), never its text."""
    root = registry.root
    stem = stem_of(path)
    if not ID.fullmatch(stem):
        raise NmrError(
            Msg(
                f"{path} 的文件名不是合法的登记编号，没有生成文书；请先运行 nmr check 修正。",
                f"{path} is not named after a valid id: run nmr check first.",
            )
        )
    loaded = load(root, path, registry.limits)
    if loaded.document is None or not isinstance(loaded.document.data, dict):
        raise NmrError(
            Msg(
                f"{path} 无法读取（{loaded.findings[0].message.zh if loaded.findings else '不是映射'}），"
                "请先运行 nmr check 修正。",
                f"{path} cannot be read: run nmr check.",
            )
        )
    data = loaded.document.data
    unit = registry.unit(str(data.get("unit", "")))
    view = RecordView(data, registry.policy, unit)
    files: list[Path] = []
    for form in forms_for(view, review, draft):
        name = f"{stem}{form.file_suffix}"
        for target in (out / f"{name}.pdf", out / f"{name}.docx"):
            if target.exists():  # two records with one id (duplicate-id): never overwrite
                raise NmrError(
                    Msg(
                        f"登记编号 {stem} 重复，{target.name} 会被覆盖：请先运行 nmr check 修正。",
                        f"duplicate id {stem}: {target.name} would be overwritten.",
                    )
                )
        files.append(write_pdf(form, font, out / f"{name}.pdf"))
        files.append(write_docx(form, out / f"{name}.docx"))
    return Rendered(stem, tuple(files), draft)
