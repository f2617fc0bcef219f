"""A rule's documentation, read from its module docstring (as yamllint's rules are).

The docstring's first line is ``<article> <rule-id>: <one line>``; prose follows; then the
examples, each a reStructuredText literal block headed ``PASS::`` or ``FAIL::`` (optionally
``FAIL (what it shows)::``). An example is a golden case: the base record it starts from and
the lines it changes (see tests/casefile.py), run through the rule by the tests.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Literal

EXAMPLE = re.compile(r"^(PASS|FAIL)(?: \((.+?)\))?::\n\n((?:(?:    .*)?\n)+)", re.M)


@dataclass(frozen=True, slots=True)
class Example:
    kind: Literal["PASS", "FAIL"]
    title: str
    text: str  # the case: header comments and patch, dedented

    @property
    def passes(self) -> bool:
        return self.kind == "PASS"


@dataclass(frozen=True, slots=True)
class RuleDoc:
    summary: str
    prose: str
    examples: tuple[Example, ...]


def read(docstring: str) -> RuleDoc:
    text = docstring.strip("\n") + "\n"
    first, _, rest = text.partition("\n")
    summary = first.split(": ", 1)[1] if ": " in first else first
    start = EXAMPLE.search(rest)
    prose = (rest[: start.start()] if start else rest).strip()
    examples = tuple(
        Example(
            "PASS" if match.group(1) == "PASS" else "FAIL",
            match.group(2) or "",
            textwrap.dedent(match.group(3)).strip("\n") + "\n",
        )
        for match in EXAMPLE.finditer(rest)
    )
    return RuleDoc(summary.strip(), prose, examples)
