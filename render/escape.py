"""Every sink escapes for itself: record text is untrusted wherever it goes.

One function per sink, each keeping that sink's invariant:

- ``terminal``: no control, bidi or zero-width character reaches a terminal or a CI log
  raw (ANSI escapes, ``\\r`` overwrites, a newline starting a forged ``::error`` line);
  they are shown as ``\\u202e``-style escapes.
- ``markdown``: record text is literal in Markdown (no links, emphasis, HTML, headings,
  tables or @mentions) and stays on one line.
- ``xml_text``: only characters XML 1.0 allows (JUnit, DOCX, SVG); others become escapes.
- ``spreadsheet``: a CSV cell never starts a formula (OWASP CSV injection).
"""

from __future__ import annotations

import re

from nmr.schemas.chars import INVISIBLE as _INVISIBLE
from nmr.schemas.chars import is_unsafe_char

__all__ = ["is_unsafe_char"]


def _escape_char(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def terminal(text: str) -> str:
    """One line of text safe to print: every unsafe character shown as an escape."""
    if text.isprintable() and not any(char in _INVISIBLE for char in text):
        return text  # the common case, fast
    return "".join(_escape_char(char) if is_unsafe_char(char) else char for char in text)


def annotation(text: str) -> str:
    """Workflow-command data: CR and LF stay (the toolkit escapes them as %0D, %0A), every
    other unsafe character (U+2028, ESC, bidi…) is shown as an escape."""
    return "".join(char if char in "\r\n" else terminal(char) for char in text)


def terminal_lines(text: str) -> str:
    """Like ``terminal`` but keeps newlines (multi-line messages written by nmr itself)."""
    return "\n".join(terminal(line) for line in text.split("\n"))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&:])")


def markdown(text: str) -> str:
    """Record text as literal Markdown on one line: punctuation escaped, mentions broken.

    ``@`` is followed by a word joiner so GitHub and GitLab never notify anyone, and ``#``
    is escaped so no issue or merge request is linked.
    """
    flat = " ".join(terminal(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat).replace("@", "@\u2060")


def markdown_code(text: str) -> str:
    """Record text as an inline code span (file paths, ids), fenced past any backticks inside."""
    flat = " ".join(terminal(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _xml_allowed(char: str) -> bool:
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry: disallowed characters (NUL, most C0, surrogates) escaped."""
    if all(_xml_allowed(char) for char in text):
        return text
    return "".join(char if _xml_allowed(char) else _escape_char(char) for char in text)


def printable(text: str) -> str:
    """Text for a printed form (PDF, DOCX): visible escapes, and valid in XML."""
    return xml_text(terminal(text))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet(text: str) -> str:
    """A CSV cell that no spreadsheet runs: formula-leading text gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text
