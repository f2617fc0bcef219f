"""The one place that reads YAML.

Strict on purpose: the registry is an audit trail edited by hand, often on Windows, so
every trap is a finding with a position and a fix, never an exception. Values are built
from libyaml's node tree (the C parser), and every key and value node is kept so that any
later finding, from pydantic or a cross-record rule, can point at its line and column.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nmr.schemas import syntax
from nmr.schemas.chars import describe
from nmr.schemas.files import Unreadable, read_regular
from nmr.schemas.finding import Finding, RuleInfo, Severity, field_path
from nmr.schemas.text import Msg, Template

RE_SAVE_FILE_AS_UTF = Template(
    "schemas.source.re-save-file-as-utf",
    "用 UTF-8 编码另存此文件：记事本“另存为”时在“编码”中选 UTF-8；VS Code 点右下角的编码 →“通过编码保存”→ UTF-8；WPS/Word 不要用来编辑 YAML。",
    "Re-save the file as UTF-8 (Notepad: Save As → Encoding UTF-8; VS Code: click the encoding in the status bar → Save with Encoding → UTF-8).",
)
CHECK_INDENTATION_SPACES_ONLY_SPACE = Template(
    "schemas.source.check-indentation-spaces-only-space",
    "检查这一行及上一行的缩进（只用空格）、“键: 值”中冒号后的空格和引号是否成对。",
    "Check indentation (spaces only), the space after ':' and paired quotes near this line.",
)
CHECK_INDENTATION_AND_BRACKETS_RECORDS = Template(
    "schemas.source.check-indentation-and-brackets-records",
    "检查缩进和方括号、花括号：账号记录最多只有三四层。",
    "Check indentation and brackets: records are shallow.",
)
COLON_NOT_ALLOWED_HERE = Template(
    "schemas.source.colon-not-allowed-here", "此处不能出现冒号", "a colon is not allowed here"
)
QUOTE_VALUE_THAT_CONTAINS_OR = Template(
    "schemas.source.quote-value-that-contains-or",
    '值里含有“: ”时，请给整个值加引号，例如 name: "主题: 说明"；也可能是上一行缩进不对。',
    "Quote a value that contains ': ', or fix the indentation of the line above.",
)
EXPECTED_AFTER_KEY = Template(
    "schemas.source.expected-after-key", "缺少冒号（键: 值）", "expected ':' after a key"
)
WRITE_KEY_VALUE_WITH_SPACE = Template(
    "schemas.source.write-key-value-with-space",
    "每一行写成“键: 值”，冒号后留一个空格。",
    "Write 'key: value' with a space after ':'.",
)
INCONSISTENT_INDENTATION = Template(
    "schemas.source.inconsistent-indentation", "缩进不一致", "inconsistent indentation"
)
KEYS_AT_ONE_LEVEL_MUST = Template(
    "schemas.source.keys-at-one-level-must",
    "同一层级的键必须左对齐，用两个空格缩进一层。",
    "Keys at one level must line up; indent by two spaces.",
)
QUOTE_NOT_CLOSED = Template(
    "schemas.source.quote-not-closed", "引号没有成对闭合", "a quote is not closed"
)
CHECK_THAT_QUOTES_ON_THIS = Template(
    "schemas.source.check-that-quotes-on-this",
    "检查这一行的引号是否成对。",
    "Check that quotes on this line are paired.",
)
UNKNOWN_ESCAPE_IN_DOUBLE_QUOTED = Template(
    "schemas.source.unknown-escape-in-double-quoted",
    "双引号中出现了无法识别的反斜杠转义",
    "unknown escape in a double-quoted string",
)
USE_SINGLE_QUOTES_OR_WRITE = Template(
    "schemas.source.use-single-quotes-or-write",
    "把双引号改为单引号，或把 \\ 写成 \\\\。",
    "Use single quotes, or write \\ as \\\\.",
)
IT_WAS_NOT_READ = Template(
    "schemas.source.it-was-not-read", "{rel} 是{what}，没有读取", "{rel} is {what}; it was not read"
)
RECORDS_PLAIN_FILES_REMOVE_LINK = Template(
    "schemas.source.records-plain-files-remove-link",
    "备案记录必须是普通文本文件：删除链接或特殊文件，把记录作为普通文件提交；无法读取时检查文件权限。",
    "Records are plain files: remove the link or special file; check permissions.",
)
FULL_WIDTH_COLON = Template(
    "schemas.source.full-width-colon",
    "“{key}”后面是全角冒号“：”，YAML 只认半角冒号",
    "'{key}' is followed by a full-width colon '：'; YAML needs ':'",
)
USE_HALF_WIDTH_COLON = Template(
    "schemas.source.use-half-width-colon",
    "把“：”改成半角冒号加一个空格：{key}: …（中文输入法下按 Shift 切换到英文标点再输入）。",
    "Write '{key}: …' with a half-width colon and a space.",
)
CONTROL_CHARACTER_IN_FILE = Template(
    "schemas.source.control-character-in-file",
    "文件里有控制字符 {character}（通常是从别处复制时带进来的）",
    "the file holds the control character {character}",
)
DELETE_CONTROL_CHARACTER = Template(
    "schemas.source.delete-control-character",
    "删除这个字符后重新保存；看不见时，用编辑器的“显示不可见字符”功能找到它，或把这一行重新输入。",
    "Delete the character and save again (show invisible characters to find it).",
)
YAML_SYNTAX_ERROR = Template(
    "schemas.source.yaml-syntax-error", "YAML 语法错误：{problem}", "YAML syntax error: {problem}"
)
FILE_BYTES_OVER_BYTE_LIMIT = Template(
    "schemas.source.file-bytes-over-byte-limit",
    "文件大小 {size} 字节，超过上限 {file_bytes} 字节",
    "file is {size} bytes, over the {file_bytes}-byte limit",
)
ACCOUNT_RECORD_NEVER_THIS_LARGE = Template(
    "schemas.source.account-record-never-this-large",
    "一个账号的备案记录不会这么大：检查是否误把图片或表格粘贴进来。",
    "An account record is never this large: remove pasted images or tables.",
)
SYMBOLIC_LINK = Template("schemas.source.symbolic-link", "符号链接", "a symbolic link")
FIFO_DEVICE_OR_SOCKET = Template(
    "schemas.source.fifo-device-or-socket", "管道、设备或套接字", "a FIFO, device or socket"
)
FOLDER = Template("schemas.source.folder", "文件夹", "a folder")
MISSING = Template("schemas.source.missing", "不存在", "missing")
UNREADABLE = Template("schemas.source.unreadable", "无法读取（{detail}）", "unreadable ({detail})")
THIS_TEXT_HAS_CHARACTERS = Template(
    "schemas.source.this-text-has-characters",
    "这段文字有 {size} 个字符",
    "this text has {size} characters",
)
OVER_LIMIT = Template(
    "schemas.source.over-limit", "{what}，超过上限 {limit}", "{what}, over the limit of {limit}"
)
SHORTEN_IT_RECORDS_HOLD_ESSENTIALS = Template(
    "schemas.source.shorten-it-records-hold-essentials",
    "精简内容：备案记录只写要点，长文档请交{approver}存档。",
    "Shorten it: records hold the essentials; file long documents elsewhere.",
)
UNSUPPORTED_YAML_TAG = Template(
    "schemas.source.unsupported-yaml-tag", "不支持的 YAML 标签 {tag}", "unsupported YAML tag {tag}"
)
REMOVE_TAG_AND_WRITE_PLAIN = Template(
    "schemas.source.remove-tag-and-write-plain",
    "删除以 ! 开头的标签，直接写值；需要文本时用引号。",
    "Remove the '!' tag and write the plain value; quote text.",
)
YAML_ALIAS_USED_HERE = Template(
    "schemas.source.yaml-alias-used-here",
    "这里用了 YAML 别名 *{anchor}，引用别处的内容",
    "a YAML alias *{anchor} is used here",
)
FILE_GBK_GB18030_ENCODED_COMMON = Template(
    "schemas.source.file-gbk-gb18030-encoded-common",
    "文件是 GBK/GB18030 编码（Windows 记事本、WPS 默认保存的中文编码），应为 UTF-8",
    "file is GBK/GB18030 encoded (common for Windows editors); UTF-8 is required",
)
NESTED_DEEPER_THAN_LEVELS = Template(
    "schemas.source.nested-deeper-than-levels",
    "嵌套超过 {depth} 层",
    "nested deeper than {depth} levels",
)
THIS_HAS_ITEMS = Template(
    "schemas.source.this-has-items", "这里有 {size} 项", "this has {size} items"
)
YAML_ANCHOR_DEFINED_HERE = Template(
    "schemas.source.yaml-anchor-defined-here",
    "这里定义了 YAML 锚点 &{anchor}",
    "a YAML anchor &{anchor} is defined here",
)
WRITE_EVERY_VALUE_OUT_IN = Template(
    "schemas.source.write-every-value-out-in",
    "备案记录要求每一项都明确写出：删除 & 锚点和 * 别名，把内容直接抄写到用到的地方。",
    "Write every value out in full: remove '&anchor' and '*alias'.",
)
FILE_UTF_16_ENCODED = Template(
    "schemas.source.file-utf-16-encoded",
    "文件是 UTF-16 编码（Windows“Unicode”）",
    "file is UTF-16 encoded",
)
THIS_BINARY_FILE_NOT_YAML = Template(
    "schemas.source.this-binary-file-not-yaml",
    "这是二进制文件，不是 YAML 文本",
    "this is a binary file, not YAML text",
)
ONLY_YAML_TEXT_FILES_BELONG = Template(
    "schemas.source.only-yaml-text-files-belong",
    "accounts/ 下只放 .yaml 文本文件；Word、Excel、图片请放到别处。",
    "Only .yaml text files belong under accounts/.",
)
FILE_NOT_UTF_8_AND = Template(
    "schemas.source.file-not-utf-8-and",
    "文件不是 UTF-8 编码，且无法识别其编码",
    "file is not UTF-8 and its encoding is unknown",
)
TAB_CHARACTER_USED_FOR_INDENTATION = Template(
    "schemas.source.tab-character-used-for-indentation",
    "缩进中有制表符（Tab）",
    "a tab character is used for indentation",
)
YAML_INDENTS_WITH_SPACES_ONLY = Template(
    "schemas.source.yaml-indents-with-spaces-only",
    "YAML 只能用空格缩进：把这一行开头的 Tab 换成两个空格。",
    "YAML indents with spaces only: replace the tab with two spaces.",
)
SECOND_YAML_DOCUMENT = Template(
    "schemas.source.second-yaml-document",
    "文件中有第二个 YAML 文档（--- 分隔）",
    "a second YAML document ('---')",
)
ONE_ACCOUNT_PER_FILE_REMOVE = Template(
    "schemas.source.one-account-per-file-remove",
    "每个账号一个文件：删除 --- 及其后内容，或把它移到另一个文件。",
    "One account per file: remove the '---' and what follows.",
)
FILE_EMPTY_OR_ONLY_COMMENTS = Template(
    "schemas.source.file-empty-or-only-comments",
    "文件是空的（或只有注释）",
    "the file is empty (or only comments)",
)
FILL_IN_RECORD_AS_IN = Template(
    "schemas.source.fill-in-record-as-in",
    "参照 README 中的示例填写账号记录，或用 nmr new 生成。",
    "Fill in the record as in the README, or run 'nmr new'.",
)
KEY_MUST_BE_PLAIN_TEXT = Template(
    "schemas.source.key-must-be-plain-text", "键必须是简单的文字", "a key must be plain text"
)
KEY_APPEARS_AGAIN_FIRST_ON = Template(
    "schemas.source.key-appears-again-first-on",
    "键“{key}”重复出现（第 {first_line} 行已有）",
    "key '{key}' appears again (first on line {first_line})",
)
KEEP_ONE_THEM_YAML_SILENTLY = Template(
    "schemas.source.keep-one-them-yaml-silently",
    "保留正确的一处，删除另一处；YAML 只会保留最后一个，前一个会被悄悄丢弃。",
    "Keep one of them: YAML silently drops the earlier value.",
)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one input file; ``policy.yaml`` ``limits`` may change them (issue: fail closed)."""

    file_bytes: int = 1 << 20  # 1 MiB: a record is ~1.5 KB
    depth: int = 32  # records are four levels deep
    text_chars: int = 2000  # one text value (a 宗旨 is a sentence or two)
    list_items: int = 500  # one list (filings and reviews over decades, a few admins)


DEFAULT_LIMITS = Limits()
MAX_BYTES = DEFAULT_LIMITS.file_bytes
MAX_DEPTH = DEFAULT_LIMITS.depth

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP}
_COLLECTION_TAGS = {_TAG + "map", _TAG + "seq"}
_constructor = yaml.constructor.SafeConstructor()

_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_SEQ, _MAP = _TAG + "seq", _TAG + "map"


class _Resolver:
    """PyYAML's YAML 1.1 implicit typing (same table, same traps), without path resolvers.

    libyaml composes in C but asks Python to resolve every node; PyYAML's general resolver
    is a third of the parse time, so this keeps only what the safe loader uses.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                known = _RESOLVED.get(value)
                if known is not None:
                    return known
                tag = _implicit_tag(value)
                if len(value) <= 32 and len(_RESOLVED) < 4096:
                    _RESOLVED[value] = tag  # keys and short values recur in every record
                return tag
            return STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_RESOLVED: dict[str, str] = {}


def _implicit_tag(value: str) -> str:
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return STR


_CParser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)
_Loader: type[Any] = (
    type("_Loader", (_CParser, _Resolver), {})
    if _CParser is not None
    else yaml.SafeLoader  # PyYAML built without libyaml: same results, slower
)

RESAVE_UTF8 = RE_SAVE_FILE_AS_UTF()

# libyaml's problems, in Chinese, with how to fix them.
_PROBLEMS: tuple[tuple[str, Msg, Msg], ...] = (
    (
        "mapping values are not allowed",
        COLON_NOT_ALLOWED_HERE(),
        QUOTE_VALUE_THAT_CONTAINS_OR(),
    ),
    (
        "could not find expected ':'",
        EXPECTED_AFTER_KEY(),
        WRITE_KEY_VALUE_WITH_SPACE(),
    ),
    (
        "expected <block end>",
        INCONSISTENT_INDENTATION(),
        KEYS_AT_ONE_LEVEL_MUST(),
    ),
    (
        "found unexpected end of stream",
        QUOTE_NOT_CLOSED(),
        CHECK_THAT_QUOTES_ON_THIS(),
    ),
    (
        "found unknown escape character",
        UNKNOWN_ESCAPE_IN_DOUBLE_QUOTED(),
        USE_SINGLE_QUOTES_OR_WRITE(),
    ),
)
_GENERIC_SYNTAX_HINT = CHECK_INDENTATION_SPACES_ONLY_SPACE()


@dataclass(slots=True)
class Document:
    """A parsed YAML file: plain Python data plus the node of every key and value."""

    path: str
    data: Any
    first_line: str = ""
    text: str = ""  # the decoded source, for rules that point inside a value
    values: dict[KeyPath, yaml.Node] = field(default_factory=dict)
    keys: dict[KeyPath, yaml.Node] = field(default_factory=dict)

    def node(self, path: KeyPath) -> yaml.Node | None:
        return self.values.get(path)

    @property
    def verbatim(self) -> str | None:
        """The source text, when every key and value is written in it as it reads: no
        backslash escape, so each value is a run of the text's own characters, at most with
        line breaks and indentation folded into spaces or line breaks. A pattern that uses
        ``\\s`` for spaces and finds nothing here finds nothing in any key or value (rules
        use this to skip the per-value pass on the common clean file). None when unknown."""
        return self.text if self.text and "\\" not in self.text else None

    def at(
        self, path: KeyPath, *, on_key: bool = False, inside: str | None = None
    ) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``path``, or of its key with ``on_key``.

        ``path`` names a key or a list item in any file kind (accounts, units, policy). A
        path that is not in the file, or a value that is a mapping or list, is placed on its
        key; a missing key on its nearest ancestor; an empty document at 1:1. ``inside``
        points at that text within a one-line value where it is written raw.
        """
        node = None if on_key else self.values.get(path)
        if node is not None and isinstance(node, yaml.ScalarNode):
            return self._inside(node, inside) if inside else _position(node)
        for end in range(len(path), 0, -1):
            prefix = path[:end]
            node = self.keys.get(prefix) or self.values.get(prefix)
            if node is not None:
                return _position(node)
        root = self.values.get(())
        return _position(root) if root is not None else (1, 1)

    def _inside(self, node: yaml.ScalarNode, text: str) -> tuple[int, int]:
        start, end = node.start_mark, node.end_mark
        if start.line == end.line and self.text:
            at = self.text.split("\n")[start.line].find(text, start.column, end.column)
            if at >= 0:
                return start.line + 1, at + 1
        return _position(node)

    def finding(
        self,
        info: RuleInfo,
        where: KeyPath,
        message: Msg,
        hint: Msg,
        *,
        on_key: bool = False,
        inside: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of ``info`` placed at ``where`` in this file: the one way to place one."""
        line, column = self.at(where, on_key=on_key, inside=inside)
        return info.finding(self.path, line, column, field_path(where), message, hint, severity)


@dataclass(slots=True)
class Loaded:
    document: Document | None
    findings: list[Finding]


def _position(node: yaml.Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def read_text(
    root: Path, rel: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[str | None, list[Finding]]:
    """Bytes → text with the checks a Windows-edited file needs (kind, size, binary, encoding)."""
    try:
        raw = read_regular(root / rel, limits.file_bytes)
    except Unreadable as problem:
        return None, [unreadable_finding(rel, problem, limits)]
    return decode(rel, raw)


def unreadable_finding(rel: str, problem: Unreadable, limits: Limits = DEFAULT_LIMITS) -> Finding:
    """The finding for a file that was not read, and why."""
    if problem.problem == "too-large":
        return syntax.FILE_TOO_LARGE.finding(
            rel,
            1,
            1,
            None,
            FILE_BYTES_OVER_BYTE_LIMIT(size=problem.size, file_bytes=limits.file_bytes),
            ACCOUNT_RECORD_NEVER_THIS_LARGE(),
        )
    what = {
        "symlink": SYMBOLIC_LINK(),
        "special": FIFO_DEVICE_OR_SOCKET(),
        "directory": FOLDER(),
        "missing": MISSING(),
        "unreadable": UNREADABLE(detail=problem.detail),
    }[problem.problem]
    return syntax.FILE_NOT_REGULAR.finding(
        rel,
        1,
        1,
        None,
        IT_WAS_NOT_READ(rel=rel, what=what),
        RECORDS_PLAIN_FILES_REMOVE_LINK(),
    )


def decode(rel: str, raw: bytes) -> tuple[str | None, list[Finding]]:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [
            syntax.FILE_ENCODING.finding(
                rel,
                1,
                1,
                None,
                FILE_UTF_16_ENCODED(),
                RESAVE_UTF8,
            )
        ]
    if b"\x00" in raw[:8192]:
        return None, [
            syntax.FILE_BINARY.finding(
                rel,
                1,
                1,
                None,
                THIS_BINARY_FILE_NOT_YAML(),
                ONLY_YAML_TEXT_FILES_BELONG(),
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            message = FILE_NOT_UTF_8_AND()
        else:
            message = FILE_GBK_GB18030_ENCODED_COMMON()
        return None, [syntax.FILE_ENCODING.finding(rel, line, column, None, message, RESAVE_UTF8)]


def _tab_findings(rel: str, text: str) -> list[Finding]:
    if "\t" not in text:
        return []
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        column = line.find("\t", 0, indent)
        if column >= 0:
            findings.append(
                syntax.YAML_TAB.finding(
                    rel,
                    number,
                    column + 1,
                    None,
                    TAB_CHARACTER_USED_FOR_INDENTATION(),
                    YAML_INDENTS_WITH_SPACES_ONLY(),
                )
            )
    return findings


# A key written with a full-width colon, as a Chinese input method types it: ``name： 法学院``.
_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*：")


def _syntax_finding(rel: str, error: yaml.YAMLError, text: str = "") -> Finding:
    if isinstance(error, yaml.reader.ReaderError):
        return _reader_finding(rel, error, text)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    colon = _full_width_colon(rel, text, line)
    if colon is not None:
        return colon
    problem = str(getattr(error, "problem", None) or error)
    for needle, message, hint in _PROBLEMS:
        if needle in problem:
            return syntax.YAML_SYNTAX.finding(rel, line, column, None, message, hint)
    return syntax.YAML_SYNTAX.finding(
        rel,
        line,
        column,
        None,
        YAML_SYNTAX_ERROR(problem=problem),
        _GENERIC_SYNTAX_HINT,
    )


def _full_width_colon(rel: str, text: str, line: int) -> Finding | None:
    """libyaml reports a key written ``name：`` on a later line (it reads the whole line as
    text and stumbles on the next one): find that key on the error's line or above it."""
    lines = text.split("\n")
    written = [n for n in range(min(line, len(lines)), 0, -1) if lines[n - 1].strip()]
    for number in written[:2]:  # the error's line and the written line before it, no further
        found = _FULL_WIDTH_KEY.match(lines[number - 1])
        if found is not None:
            key = found.group(2)
            column = len(found.group(0).rstrip("：").rstrip()) + 1
            return syntax.YAML_SYNTAX.finding(
                rel, number, column, None, FULL_WIDTH_COLON(key=key), USE_HALF_WIDTH_COLON(key=key)
            )
    return None


def _reader_finding(rel: str, error: yaml.reader.ReaderError, text: str) -> Finding:
    """A character YAML refuses (a control character), at its own line and column."""
    # libyaml counts bytes of the UTF-8 it was given (PyYAML's own reader, characters)
    offset = max(error.position, 0)
    if _CParser is not None:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    position = min(offset, len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    return syntax.YAML_SYNTAX.finding(
        rel,
        line,
        column,
        None,
        CONTROL_CHARACTER_IN_FILE(character=describe(character[:1] or "?")),
        DELETE_CONTROL_CHARACTER(),
    )


def parse(rel: str, text: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Text → Document, or findings saying why not."""
    tabs = _tab_findings(rel, text)
    if tabs:
        return Loaded(None, tabs)
    too_deep = _flow_depth_finding(rel, text, limits)
    if too_deep is not None:
        return Loaded(None, [too_deep])
    loader = _Loader(text)
    try:
        root = loader.get_node() if loader.check_node() else None
        second = loader.get_node() if loader.check_node() else None
    except yaml.YAMLError as error:
        return Loaded(None, [_syntax_finding(rel, error, text)])
    finally:
        loader.dispose()
    if second is not None:
        line, column = _position(second)
        return Loaded(
            None,
            [
                syntax.YAML_MULTI_DOC.finding(
                    rel,
                    line,
                    column,
                    None,
                    SECOND_YAML_DOCUMENT(),
                    ONE_ACCOUNT_PER_FILE_REMOVE(),
                )
            ],
        )
    if root is None or (root.tag == NULL and not root.value):
        return Loaded(
            None,
            [
                syntax.FILE_EMPTY.finding(
                    rel,
                    1,
                    1,
                    None,
                    FILE_EMPTY_OR_ONLY_COMMENTS(),
                    FILL_IN_RECORD_AS_IN(),
                )
            ],
        )
    loaded = _Builder(rel, limits).build(root, text)
    if loaded.document is not None:
        loaded.document.first_line = text.split("\n", 1)[0].lstrip("\ufeff").rstrip("\r")
        loaded.document.text = text
    return loaded


def load(root: Path, rel: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    text, findings = read_text(root, rel, limits)
    if text is None:
        return Loaded(None, findings)
    return parse(rel, text, limits)


def _flow_depth_finding(rel: str, text: str, limits: Limits) -> Finding | None:
    """Refuse deep nesting before libyaml's composer, which recurses in C, ever sees it.

    50,000 nested ``[`` in a 100 KB file overflow the C stack (SIGSEGV). Block nesting
    needs indentation, so a 1 MiB file cannot nest deeply that way; flow brackets can.
    The event stream is iterative, so counting depth over it is safe; it only runs when
    the text has more brackets than the limit, which a record never has.
    """
    if text.count("[") + text.count("{") <= limits.depth:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.depth:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return syntax.YAML_TOO_DEEP.finding(
                        rel,
                        line,
                        column,
                        None,
                        NESTED_DEEPER_THAN_LEVELS(depth=limits.depth),
                        _TOO_DEEP_HINT,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        return _syntax_finding(rel, error, text)
    return None


_TOO_DEEP_HINT = CHECK_INDENTATION_AND_BRACKETS_RECORDS()


class _Builder:
    """Node tree → plain data, recording every node and refusing aliases, tags, depth."""

    def __init__(self, rel: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.rel = rel
        self.limits = limits
        self.document = Document(rel, None)
        self.findings: list[Finding] = []
        self.seen: set[int] = set()
        self.shared = True  # nodes may be reached twice (aliases): set by build()
        self.aliased = False

    def build(self, root: yaml.Node, text: str) -> Loaded:
        # an alias needs an anchor, and an anchor an "&": without one no node comes back twice
        self.shared = "&" in text
        self.document.data = self._value(root, (), 0)
        if self.aliased or "&" in text:
            self.findings += _anchor_findings(self.rel, text)
        return Loaded(self.document, self.findings)

    def _report(self, rule: RuleInfo, node: yaml.Node, path: KeyPath, msg: Msg, hint: Msg) -> None:
        line, column = _position(node)
        self.findings.append(rule.finding(self.rel, line, column, field_path(path), msg, hint))

    def _value(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        if self.shared:
            if id(node) in self.seen:
                # The composer hands back the anchored node itself: building it again is how
                # alias bombs explode, so stop here (positions come from the event stream).
                self.aliased = True
                return None
            self.seen.add(id(node))
        self.document.values[path] = node
        if depth > self.limits.depth:
            self._report(
                syntax.YAML_TOO_DEEP,
                node,
                path,
                NESTED_DEEPER_THAN_LEVELS(depth=self.limits.depth),
                _TOO_DEEP_HINT,
            )
            return None
        if not self._within_length(node, path):
            return None
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag not in _SCALAR_TAGS:
                self._bad_tag(node, path)
                return node.value
            return _scalar(node)
        if tag not in _COLLECTION_TAGS:
            self._bad_tag(node, path)
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self._value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._report(
                    syntax.YAML_SYNTAX,
                    key_node,
                    path,
                    KEY_MUST_BE_PLAIN_TEXT(),
                    _GENERIC_SYNTAX_HINT,
                )
                continue
            # The key's source text, not its YAML 1.1 reading: `on:` stays "on", not True.
            key = str(key_node.value)
            entry = (*path, key)
            if key in mapping:
                first_line = self.document.keys[entry].start_mark.line + 1
                self._report(
                    syntax.YAML_DUPLICATE_KEY,
                    key_node,
                    entry,
                    KEY_APPEARS_AGAIN_FIRST_ON(key=key, first_line=first_line),
                    KEEP_ONE_THEM_YAML_SILENTLY(),
                )
                continue
            self.document.keys[entry] = key_node
            mapping[key] = self._value(value_node, entry, depth + 1)
        return mapping

    def _within_length(self, node: yaml.Node, path: KeyPath) -> bool:
        """Text and lists within the limits; an oversized one is reported and dropped."""
        scalar = isinstance(node, yaml.ScalarNode)
        size = len(node.value)
        limit = self.limits.text_chars if scalar else self.limits.list_items
        if size <= limit:
            return True  # every value of every file: no message built on this path
        what = THIS_TEXT_HAS_CHARACTERS(size=size) if scalar else THIS_HAS_ITEMS(size=size)
        self._report(
            syntax.YAML_TOO_LONG,
            node,
            path,
            OVER_LIMIT(what=what, limit=limit),
            SHORTEN_IT_RECORDS_HOLD_ESSENTIALS(),
        )
        return False

    def _bad_tag(self, node: yaml.Node, path: KeyPath) -> None:
        self._report(
            syntax.YAML_TAG,
            node,
            path,
            UNSUPPORTED_YAML_TAG(tag=node.tag),
            REMOVE_TAG_AND_WRITE_PLAIN(),
        )


def _anchor_findings(rel: str, text: str) -> list[Finding]:
    """Every ``&anchor`` and ``*alias`` at its own position (events, not nodes, know it)."""
    findings = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            message = YAML_ALIAS_USED_HERE(anchor=event.anchor)
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            message = YAML_ANCHOR_DEFINED_HERE(anchor=event.anchor)
        else:
            continue
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        findings.append(
            syntax.YAML_ALIAS.finding(
                rel,
                line,
                column,
                None,
                message,
                WRITE_EVERY_VALUE_OUT_IN(),
            )
        )
    return findings


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == STR:
        return node.value
    if tag == NULL:
        return None
    try:
        if tag == BOOL:
            return _constructor.construct_yaml_bool(node)
        if tag == INT:
            return _constructor.construct_yaml_int(node)
        if tag == FLOAT:
            return _constructor.construct_yaml_float(node)
        return _constructor.construct_yaml_timestamp(node)
    except ValueError:
        # e.g. 2016-02-30 looks like a date but is none: keep the text for the model to reject.
        return node.value


def is_plain_non_text(node: yaml.Node | None) -> bool:
    """An unquoted scalar that YAML 1.1 did not read as text (number, bool, date, float)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and not node.style  # plain: libyaml says "", the pure-Python parser None
        and node.tag in (INT, FLOAT, BOOL, TIMESTAMP)
    )
