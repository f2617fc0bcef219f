"""A form as neutral blocks (paragraphs and bordered tables) that both renderers share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True, slots=True)
class Cell:
    text: str = ""
    label: bool = False  # a printed caption (bold, centred) rather than a value
    colspan: int = 1
    rowspan: int = 1
    height_cm: float | None = None  # room for a wet signature or handwriting
    align: Align | None = None


@dataclass(frozen=True, slots=True)
class Table:
    widths_cm: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    align: Align = "left"
    bold: bool = False
    indent: bool = False  # first-line indent of two characters, as in official documents
    size_pt: float | None = None
    space_before_pt: float = 0
    keep_with_next: bool = False  # a heading never left alone at the foot of a page


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Form:
    file_suffix: str  # -登记表, -承诺书, -<year>-年度检查报告 (after the validated file stem)
    title: str
    attachment: str  # 附件1 / 附件2 / ""
    draft: bool
    blocks: tuple[Block, ...] = field(default_factory=tuple)
