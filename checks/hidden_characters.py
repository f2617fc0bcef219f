r"""hidden-characters: no control, bidi-override or zero-width character in any text.

An account's name or handle with a right-to-left override (U+202E), a zero-width space
(U+200B) or a control character reads differently from what it is: on the public page, in a
terminal, in a printed form. Every text value of a record is checked; the finding points at
the character itself (or at the value, when the file writes it as an escape) and names it.

PASS (普通文字)::

    # base: law-weibo

FAIL (昵称中有从右到左覆盖符（写成转义）)::

    # base: law-weibo
    # expect: hidden-characters 4 3:7 “name”中有不可见或控制字符 U+202E RIGHT-TO-LEFT OVERRIDE
    -name: 法学院测试号
    +name: "法学院\u202e号试测"
"""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from nmr.engine.api import (
    Context,
    Document,
    Finding,
    KeyPath,
    RuleInfo,
    Severity,
    Template,
    describe,
    document_rule,
    field_path,
    first_unsafe,
)

NO_CONTROL_BIDI_OR_ZERO = Template(
    "hidden-characters.no-control-bidi-or-zero",
    "文字中不能有控制字符、双向控制符或零宽字符",
    "no control, bidi or zero-width characters",
)
HOLDS_INVISIBLE_OR_CONTROL_CHARACTER = Template(
    "hidden-characters.holds-invisible-or-control-character",
    "{label}中有不可见或控制字符 {describe}",
    "{label_2} holds an invisible or control character {describe}",
)
DELETE_CHARACTER_IT_MAKES_TEXT = Template(
    "hidden-characters.delete-character-it-makes-text",
    "删除这个字符：它会让显示的文字与实际内容不同，可被用来仿冒账号（{art_no_impersonation}）。用编辑器的“显示不可见字符”功能找到它，或整段重新输入。",
    "Delete the character: it makes text display as something it is not.",
)

INFO = RuleInfo(
    "hidden-characters",
    "no-impersonation",
    Severity.ERROR,
    NO_CONTROL_BIDI_OR_ZERO(),
)


def check(doc: Document, ctx: Context) -> Iterator[Finding]:
    source = doc.verbatim
    if source is not None and first_unsafe(source.replace("\n", "").replace("\r", "")) is None:
        return  # no such character anywhere in the file: none in any value
    for path, node in doc.values.items():
        if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
            continue
        text = node.value.replace("\n", "")  # line breaks of a multi-line block are fine
        index = first_unsafe(text)
        if index is None:
            continue
        char = text[index]
        yield doc.finding(
            INFO,
            path,
            HOLDS_INVISIBLE_OR_CONTROL_CHARACTER(
                label=_label(path), describe=describe(char), label_2=_label(path, "en")
            ),
            DELETE_CHARACTER_IT_MAKES_TEXT(),
            inside=char,
        )


def _label(path: KeyPath, lang: str = "zh") -> str:
    name = field_path(path) or ""
    return name if lang == "en" else f"“{name}”"


RULE = document_rule(INFO, check, __doc__)
