"""Form → HTML (Jinja2, autoescaped) → PDF (WeasyPrint, the CJK font embedded)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from nmr.render.escape import printable
from nmr.render.forms.model import Form, Table

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _lines(text: str) -> Markup:
    """Lines joined by <br>; control, bidi and zero-width characters printed as escapes."""
    return Markup("<br>").join(escape(printable(line)) for line in text.split("\n"))


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["lines"] = _lines
    environment.tests["table"] = lambda block: isinstance(block, Table)
    return environment


def html(form: Form, font: str) -> str:
    return _environment().get_template("form.html.j2").render(form=form, font=font)


def write_pdf(form: Form, font: str, target: Path) -> Path:
    from weasyprint import HTML

    HTML(string=html(form, font), base_url=str(TEMPLATES)).write_pdf(target)
    return target
