"""Findings the loader itself produces: file, encoding and YAML problems (no article)."""

from __future__ import annotations

from nmr.schemas.finding import RuleInfo, Severity
from nmr.schemas.text import Template

FILE_EXCEEDS_SIZE_LIMIT = Template(
    "schemas.syntax.file-exceeds-size-limit", "文件超过大小上限", "file exceeds the size limit"
)
NOT_REGULAR_FILE_LINK_FIFO = Template(
    "schemas.syntax.not-regular-file-link-fifo",
    "不是普通文件（符号链接、管道或设备）",
    "not a regular file (link, FIFO or device)",
)
NOT_TEXT_FILE = Template("schemas.syntax.not-text-file", "不是文本文件", "not a text file")
FILE_NOT_UTF_8_ENCODED = Template(
    "schemas.syntax.file-not-utf-8-encoded", "文件不是 UTF-8 编码", "file is not UTF-8 encoded"
)
FILE_EMPTY_2 = Template("schemas.syntax.file-empty", "文件为空", "file is empty")
YAML_SYNTAX_ERROR = Template(
    "schemas.syntax.yaml-syntax-error", "YAML 语法错误", "YAML syntax error"
)
TAB_CHARACTER_IN_INDENTATION = Template(
    "schemas.syntax.tab-character-in-indentation", "缩进中有制表符", "tab character in indentation"
)
MORE_THAN_ONE_DOCUMENT = Template(
    "schemas.syntax.more-than-one-document", "一个文件只能有一个文档", "more than one document"
)
DUPLICATE_KEY_IN_MAPPING = Template(
    "schemas.syntax.duplicate-key-in-mapping", "同一层级出现重复的键", "duplicate key in a mapping"
)
ANCHORS_AND_ALIASES_NOT_ALLOWED = Template(
    "schemas.syntax.anchors-and-aliases-not-allowed",
    "不允许使用锚点和别名",
    "anchors and aliases are not allowed",
)
YAML_TAGS_NOT_ALLOWED = Template(
    "schemas.syntax.yaml-tags-not-allowed", "不允许使用 YAML 标签", "YAML tags are not allowed"
)
NESTING_TOO_DEEP = Template("schemas.syntax.nesting-too-deep", "嵌套层级过深", "nesting too deep")
TEXT_OR_LIST_EXCEEDS_ITS = Template(
    "schemas.syntax.text-or-list-exceeds-its",
    "文字或列表超过长度上限",
    "a text or list exceeds its length limit",
)
YAML_READ_UNQUOTED_VALUE_AS = Template(
    "schemas.syntax.yaml-read-unquoted-value-as",
    "YAML 把未加引号的值读成了数字、布尔值或日期",
    "YAML read an unquoted value as a number, boolean or date",
)

E = Severity.ERROR

FILE_TOO_LARGE = RuleInfo("file-too-large", None, E, FILE_EXCEEDS_SIZE_LIMIT())
FILE_NOT_REGULAR = RuleInfo(
    "file-not-regular",
    None,
    E,
    NOT_REGULAR_FILE_LINK_FIFO(),
)
FILE_BINARY = RuleInfo("file-binary", None, E, NOT_TEXT_FILE())
FILE_ENCODING = RuleInfo("file-encoding", None, E, FILE_NOT_UTF_8_ENCODED())
FILE_EMPTY = RuleInfo("file-empty", None, E, FILE_EMPTY_2())
YAML_SYNTAX = RuleInfo("yaml-syntax", None, E, YAML_SYNTAX_ERROR())
YAML_TAB = RuleInfo("yaml-tab", None, E, TAB_CHARACTER_IN_INDENTATION())
YAML_MULTI_DOC = RuleInfo("yaml-multiple-documents", None, E, MORE_THAN_ONE_DOCUMENT())
YAML_DUPLICATE_KEY = RuleInfo("yaml-duplicate-key", None, E, DUPLICATE_KEY_IN_MAPPING())
YAML_ALIAS = RuleInfo("yaml-alias", None, E, ANCHORS_AND_ALIASES_NOT_ALLOWED())
YAML_TAG = RuleInfo("yaml-tag", None, E, YAML_TAGS_NOT_ALLOWED())
YAML_TOO_DEEP = RuleInfo("yaml-too-deep", None, E, NESTING_TOO_DEEP())
YAML_TOO_LONG = RuleInfo(
    "yaml-too-long",
    None,
    E,
    TEXT_OR_LIST_EXCEEDS_ITS(),
)
YAML_TYPE_TRAP = RuleInfo(
    "yaml-type-trap",
    None,
    E,
    YAML_READ_UNQUOTED_VALUE_AS(),
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
