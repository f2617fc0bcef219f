"""Form → DOCX (python-docx) for Word and WPS: 宋体, A4, bordered tables with merged cells."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from nmr.render.escape import printable
from nmr.render.forms.model import Align, Form, Paragraph, Table

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
EAST_ASIAN_FONT = "宋体"
BODY_PT = 11  # as the PDF's stylesheet
TWIPS_PER_CM = 1440 / 2.54


def _fonts(run_properties: object, east_asian: str) -> None:
    fonts = run_properties.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = run_properties.makeelement(qn("w:rFonts"), {})  # type: ignore[attr-defined]
        run_properties.append(fonts)  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), east_asian)


def _write(paragraph: object, text: str, *, bold: bool = False, size: float | None = None) -> None:
    """Lines of ``text`` as runs with line breaks between them (Shift+Enter in Word)."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(printable(line))  # type: ignore[attr-defined]
        if bold:
            run.bold = True
        if size:
            run.font.size = Pt(size)
        if number < len(lines) - 1:
            run.add_break()


def _table(document: object, table: Table) -> None:
    rows, columns = len(table.rows), len(table.widths_cm)
    grid = document.add_table(rows=rows, cols=columns)  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            first = grid.cell(r, c)
            last = grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1)
            target = first.merge(last) if (cell.rowspan, cell.colspan) != (1, 1) else first
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = target.paragraphs[0]
            align: Align = cell.align or ("center" if cell.label else "left")
            paragraph.alignment = ALIGN[align]
            _write(paragraph, cell.text, size=BODY_PT)
            if cell.height_cm:
                grid.rows[r].height = Cm(cell.height_cm)
                grid.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            c += cell.colspan
    for r in range(rows):
        if grid.rows[r].height is None:
            grid.rows[r].height = Cm(0.85)
            grid.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for c, width in enumerate(table.widths_cm):
            grid.cell(r, c).width = Cm(width)
    _fix_grid(grid, table.widths_cm)


def _twips(cm: float) -> str:
    return str(round(cm * TWIPS_PER_CM))


def _fix_grid(grid: object, widths_cm: tuple[float, ...]) -> None:
    """The grid LibreOffice and WPS lay out by: the column widths of the form (python-docx
    leaves them equal and only sets cell widths, which Word alone honours), the table's
    total width, and the PDF's cell padding, so a phone number or e-mail never wraps."""
    table = grid._tbl  # type: ignore[attr-defined]
    for column, width in zip(table.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), _twips(width))
    properties = table.tblPr
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:w"), _twips(sum(widths_cm)))
    total.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side, points in (("top", 2), ("left", 4), ("bottom", 2), ("right", 4)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(points * 20))  # twentieths of a point, as the PDF's padding
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema's order: tblCellMar before tblLook
    else:
        properties.append(margins)


def _paragraph(document: object, block: Paragraph) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = ALIGN[block.align]
    if block.indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    if block.space_before_pt:
        paragraph.paragraph_format.space_before = Pt(block.space_before_pt)
    if block.keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    _write(paragraph, block.text, bold=block.bold, size=block.size_pt)


def write_docx(form: Form, target: Path) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(1.8)
    section.left_margin = section.right_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr(), EAST_ASIAN_FONT)
    if form.draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header.add_run("草稿（记录未通过 nmr check，仅供核对）")
        run.font.color.rgb = RGBColor(0xBB, 0, 0)
    if form.attachment:
        _write(document.add_paragraph(), form.attachment, size=14)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _write(title, form.title, bold=True, size=18)
    for block in form.blocks:
        if isinstance(block, Table):
            _table(document, block)
        else:
            _paragraph(document, block)
    document.core_properties.title = form.title
    document.save(str(target))
    return target
