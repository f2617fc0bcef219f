"""Every sink escapes for itself: hostile record text, fed through real records, keeps each
sink's invariant (one property test per sink, Hypothesis)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from nmr.render.escape import (
    FORMULA_START,
    is_unsafe_char,
    printable,
    spreadsheet,
    terminal,
    xml_text,
)
from tests.conftest import REPO, TODAY, copy_registry, run_nmr

LAW = "accounts/law/law-wechat.yaml"

# What an attacker types: controls, bidi and zero-width characters, line separators,
# Markdown, HTML, workflow commands, formula starters, and ordinary Chinese text.
CHARS = st.sampled_from(
    [
        *"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\r\n\t",
        *"\u202a\u202b\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200d\u200e\u200f\ufeff",
        "\u2028",
        "\u2029",
        *"*_`[]()#<>|!~&@:=+-%,.\\/'\"",
        *"法学院微信公众号 ",
    ]
)
PAYLOADS = st.sampled_from(
    [
        "\n::error file=x.yaml::forged",
        "<script>alert(1)</script>",
        "[点我](https://evil.example)",
        "@everyone",
        '=HYPERLINK("http://x")',
        "# 标题",
        "| a | b |",
    ]
)
HOSTILE = st.lists(st.one_of(CHARS, PAYLOADS), min_size=1, max_size=12).map("".join)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def quoted(value: str) -> str:
    """``value`` as YAML would carry it: double-quoted, every special character escaped."""
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=10**6).strip()


def hostile_registry(root: Path, field: str, value: str, files: int = 1) -> Path:
    """The bundled registry with ``value`` in ``field`` of law-wechat (and of ``files`` - 1
    more records), written as a unit's editor would save it."""
    if not root.exists():
        copy_registry(root)
    others = sorted(p for p in (root / "accounts").rglob("*.yaml") if p != root / LAW)
    for path in [root / LAW, *others][:files]:
        text = (REPO / path.relative_to(root)).read_text(encoding="utf-8")
        own = next(line for line in text.splitlines() if line.startswith(f"{field}: "))
        path.write_text(text.replace(own, f"{field}: {quoted(value)}", 1), encoding="utf-8")
    return root


def fresh(tmp_path_factory: Any) -> Path:
    return copy_registry(tmp_path_factory.mktemp("sink") / "registry")


# ---- terminal


@SETTINGS
@given(value=HOSTILE)
def test_terminal_report_shows_no_raw_control_characters(tmp_path_factory: Any, value: str) -> None:
    root = hostile_registry(fresh(tmp_path_factory), "platform", value)
    result = run_nmr("check", "--root", str(root), "--today", TODAY)
    assert result.code == 1
    lines = result.stdout.split("\n")
    assert not [line for line in lines if any(is_unsafe_char(c) for c in line)]
    assert f"新媒体类型“{terminal(value)}”" in result.stdout


# ---- GitHub workflow commands


@SETTINGS
@given(value=HOSTILE)
def test_no_record_text_starts_a_workflow_command(tmp_path_factory: Any, value: str) -> None:
    root = hostile_registry(fresh(tmp_path_factory), "platform", value, files=14)
    result = run_nmr("check", "--root", str(root), "--today", TODAY, "--format", "github")
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    # nine annotations and the notice: past GitHub's budget the rest are plain lines
    assert len(commands) == 10
    assert all(re.match(r"::(error|warning|notice) [^:]*::", line) for line in commands)
    plain = [line for line in lines if not line.startswith("::")]
    assert all(line.startswith(("accounts/", "policy/", "检查了")) for line in plain), plain
    assert not any("\r" in line or "\u2028" in line for line in lines)


# ---- Markdown (reviewer summary, reminder issues)

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def shape(markdown: str) -> list[str]:
    """Token types of the rendered Markdown, inline children included."""
    out = []
    for token in MARKDOWN.parse(markdown):
        out.append(token.type)
        out += [child.type for child in token.children or []]
    return out


def reminders(root: Path) -> str:
    result = run_nmr("due", "--root", str(root), "--today", "2027-01-05", "--format", "markdown")
    assert result.code == 0, result.stderr
    return result.stdout


@SETTINGS
@given(value=HOSTILE)
def test_markdown_keeps_its_shape_whatever_the_name(tmp_path_factory: Any, value: str) -> None:
    benign = reminders(hostile_registry(fresh(tmp_path_factory), "name", "法学院"))
    hostile = reminders(hostile_registry(fresh(tmp_path_factory), "name", value))
    assert shape(hostile) == shape(benign)
    assert "@everyone" not in hostile  # the word joiner breaks every mention
    assert "<script>" not in hostile


# ---- CSV (registry.csv) and XLSX (台账.xlsx)


@SETTINGS
@given(value=HOSTILE)
def test_csv_cells_never_start_a_formula(tmp_path_factory: Any, value: str) -> None:
    root = hostile_registry(fresh(tmp_path_factory), "name", value)
    out = root.parent / "site"
    assert run_nmr("render", "site", "--root", str(root), "--out", str(out)).code == 0
    raw = (out / "registry.csv").read_bytes().decode("utf-8-sig")  # no newline translation
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert all(not cell.startswith(FORMULA_START) for row in rows[1:] for cell in row)
    assert spreadsheet(value) in [row[1] for row in rows]


@SETTINGS
@given(value=HOSTILE)
def test_xlsx_cells_are_never_formulas(tmp_path_factory: Any, value: str) -> None:
    root = hostile_registry(fresh(tmp_path_factory), "name", value)
    out = root.parent / "ledger"
    args = ("render", "ledger", "--root", str(root), "--out", str(out), "--today", TODAY)
    assert run_nmr(*args).code == 0
    book = openpyxl.load_workbook(out / "台账.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert xml_text(value) in [cell.value for cell in cells]


# ---- XML (JUnit) and JSON (SARIF)


@SETTINGS
@given(value=HOSTILE)
def test_junit_is_well_formed_and_sarif_is_json(tmp_path_factory: Any, value: str) -> None:
    root = hostile_registry(fresh(tmp_path_factory), "platform", value)
    junit = run_nmr("check", "--root", str(root), "--today", TODAY, "--format", "junit")
    suites = ET.fromstring(junit.stdout)
    messages = [failure.get("message") for failure in suites.iter("failure")]
    assert f"新媒体类型“{xml_text(value)}”不在 policy.yaml 所列平台中" in messages
    sarif = run_nmr("check", "--root", str(root), "--today", TODAY, "--format", "sarif")
    texts = [r["message"]["text"] for r in json.loads(sarif.stdout)["runs"][0]["results"]]
    assert any(f"新媒体类型“{value}”" in text for text in texts)


# ---- HTML (public site)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def tags(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@SETTINGS
@given(value=HOSTILE)
def test_html_pages_keep_their_elements(tmp_path_factory: Any, value: str) -> None:
    pages = []
    for name in ("法学院", value):
        root = hostile_registry(fresh(tmp_path_factory), "name", name)
        out = root.parent / "site"
        assert run_nmr("render", "site", "--root", str(root), "--out", str(out)).code == 0
        page = out / "a/law-wechat.html"
        if not page.exists():  # a hidden character withholds the ✓: no official page at all
            standing = {
                a["id"]: a["standing"]
                for a in json.loads((out / "registry.json").read_text("utf-8"))["accounts"]
            }
            assert standing["law-wechat"] == "unconfirmed" and any(is_unsafe_char(c) for c in name)
            return
        pages.append(page.read_text(encoding="utf-8"))
    assert tags(pages[1]) == tags(pages[0])


# ---- DOCX and PDF (printed forms)


@settings(max_examples=15, deadline=None)
@given(value=HOSTILE)
def test_docx_carries_any_text_visibly(value: str, tmp_path_factory: Any) -> None:
    from nmr.engine.registry import require_frame
    from nmr.render.forms import build
    from nmr.render.forms.record import RecordView
    from nmr.render.forms.word import write_docx

    root = hostile_registry(fresh(tmp_path_factory), "name", value)
    registry = require_frame(root)
    data = yaml.safe_load((root / LAW).read_text(encoding="utf-8"))
    view = RecordView(data, registry.policy, registry.unit("law"))
    target = root.parent / "form.docx"
    write_docx(build.registration(view, False), target)
    cells = [cell.text for row in Document(str(target)).tables[0].rows for cell in row.cells]
    shown = "\n".join(printable(line) for line in value.split("\n"))  # a newline breaks the line
    assert any(shown in cell for cell in cells)
    assert not any(is_unsafe_char(c) and c != "\n" for cell in cells for c in cell)


def test_pdf_prints_bidi_and_controls_as_visible_escapes(registry: Path, tmp_path: Path) -> None:
    hostile_registry(registry, "name", "法学院\u202egpj.exe\x1b[31m")
    out = tmp_path / "forms"
    args = ("render", "forms", "law-wechat", "--root", str(registry), "--out", str(out))
    assert run_nmr(*args, "--today", TODAY).code == 0
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "law" / "law-wechat-登记表.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "法学院\\u202egpj.exe\\u001b[31m" in text.replace(" ", "")
