"""schema-modeline: an account file starts with the JSON Schema modeline.

With it, VS Code's YAML extension shows every field's Chinese description on hover and
underlines mistakes while the unit types, long before CI runs.

PASS (首行有声明)::

    # base: law-weibo

FAIL (首行没有 JSON Schema 声明（警告）)::

    # base: law-weibo
    # expect: schema-modeline - 1:1 缺少 JSON Schema 声明 warning
    -# yaml-language-server: $schema=../../schemas/account.schema.json
    +# （此用例故意没有 JSON Schema 声明行）
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    MODELINE,
    Context,
    Document,
    Finding,
    RuleInfo,
    Severity,
    Template,
    document_rule,
)

FILE_STARTS_WITH_SCHEMA_MODELINE = Template(
    "schema-modeline.file-starts-with-schema-modeline",
    "文件首行应为 JSON Schema 声明",
    "the file starts with the schema modeline",
)
FIRST_LINE_NOT_SCHEMA_MODELINE = Template(
    "schema-modeline.first-line-not-schema-modeline",
    "文件首行缺少 JSON Schema 声明",
    "the first line is not the schema modeline",
)
ADD_AS_FIRST_LINE = Template(
    "schema-modeline.add-as-first-line",
    "在文件第一行加上：{modeline}（编辑器会据此提示每个字段）",
    "Add as the first line: {modeline}",
)

INFO = RuleInfo(
    "schema-modeline",
    None,
    Severity.WARNING,
    FILE_STARTS_WITH_SCHEMA_MODELINE(),
)


def check(document: Document, ctx: Context) -> Iterator[Finding]:
    if document.first_line.strip() == MODELINE:
        return
    yield INFO.finding(
        document.path,
        1,
        1,
        None,
        FIRST_LINE_NOT_SCHEMA_MODELINE(),
        ADD_AS_FIRST_LINE(modeline=MODELINE),
    )


RULE = document_rule(INFO, check, __doc__)
