"""Findings the loader itself produces: file, encoding and YAML problems (no article)."""

from __future__ import annotations

from nmr.schemas.finding import RuleInfo, Severity
from nmr.schemas.text import Msg

E = Severity.ERROR

FILE_TOO_LARGE = RuleInfo(
    "file-too-large", None, E, Msg("文件超过大小上限", "file exceeds the size limit")
)
FILE_NOT_REGULAR = RuleInfo(
    "file-not-regular",
    None,
    E,
    Msg("不是普通文件（符号链接、管道或设备）", "not a regular file (link, FIFO or device)"),
)
FILE_BINARY = RuleInfo("file-binary", None, E, Msg("不是文本文件", "not a text file"))
FILE_ENCODING = RuleInfo(
    "file-encoding", None, E, Msg("文件不是 UTF-8 编码", "file is not UTF-8 encoded")
)
FILE_EMPTY = RuleInfo("file-empty", None, E, Msg("文件为空", "file is empty"))
YAML_SYNTAX = RuleInfo("yaml-syntax", None, E, Msg("YAML 语法错误", "YAML syntax error"))
YAML_TAB = RuleInfo("yaml-tab", None, E, Msg("缩进中有制表符", "tab character in indentation"))
YAML_MULTI_DOC = RuleInfo(
    "yaml-multiple-documents", None, E, Msg("一个文件只能有一个文档", "more than one document")
)
YAML_DUPLICATE_KEY = RuleInfo(
    "yaml-duplicate-key", None, E, Msg("同一层级出现重复的键", "duplicate key in a mapping")
)
YAML_ALIAS = RuleInfo(
    "yaml-alias", None, E, Msg("不允许使用锚点和别名", "anchors and aliases are not allowed")
)
YAML_TAG = RuleInfo("yaml-tag", None, E, Msg("不允许使用 YAML 标签", "YAML tags are not allowed"))
YAML_TOO_DEEP = RuleInfo("yaml-too-deep", None, E, Msg("嵌套层级过深", "nesting too deep"))
YAML_TOO_LONG = RuleInfo(
    "yaml-too-long",
    None,
    E,
    Msg("文字或列表超过长度上限", "a text or list exceeds its length limit"),
)
YAML_TYPE_TRAP = RuleInfo(
    "yaml-type-trap",
    None,
    E,
    Msg(
        "YAML 把未加引号的值读成了数字、布尔值或日期",
        "YAML read an unquoted value as a number, boolean or date",
    ),
)

ALL = (
    FILE_TOO_LARGE,
    FILE_NOT_REGULAR,
    FILE_BINARY,
    FILE_ENCODING,
    FILE_EMPTY,
    YAML_SYNTAX,
    YAML_TAB,
    YAML_MULTI_DOC,
    YAML_DUPLICATE_KEY,
    YAML_ALIAS,
    YAML_TAG,
    YAML_TOO_DEEP,
    YAML_TOO_LONG,
    YAML_TYPE_TRAP,
)
