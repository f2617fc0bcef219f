"""``nmr render forms``: the three forms of each account, as PDF and DOCX, drafts marked."""

from __future__ import annotations

import datetime as dt
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
from schemas.errors import NmrError
from schemas.finding import Severity
from schemas.registry import Registry, is_account_path, require_frame, stem_of
from schemas.source import load
from schemas.text import Msg


@dataclass(frozen=True, slots=True)
class Rendered:
    account: str
    files: tuple[Path, ...]
    draft: bool


def _paths(registry: Registry, ids: Sequence[str]) -> list[str]:
    by_id = {
        stem_of(e.path): e.path
        for e in registry.entries
        if is_account_path(e.path) and not e.is_symlink
    }
    if not ids:
        return sorted(by_id.values())
    unknown = [account for account in ids if account not in by_id]
    if unknown:
        raise NmrError(
            Msg(f"没有这些账号：{'、'.join(unknown)}", f"no such accounts: {', '.join(unknown)}")
        )
    return [by_id[account] for account in ids]


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
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for path in paths:
        loaded = load(root, path)
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
        draft = path in errors
        for form in forms_for(view, review, draft):
            stem = form.file_stem if view.id else f"{stem_of(path)}{form.file_stem}"
            files.append(write_pdf(form, font, out / f"{stem}.pdf"))
            files.append(write_docx(form, out / f"{stem}.docx"))
        done.append(Rendered(stem_of(path), tuple(files), draft))
    return done
