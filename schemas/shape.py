"""Validate a parsed document against a model; turn pydantic errors into located findings."""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from nmr.schemas import labels, syntax
from nmr.schemas.finding import Finding, RuleInfo, Severity, field_path
from nmr.schemas.source import FILL_IN_RECORD_AS_IN, Document, KeyPath, is_plain_non_text
from nmr.schemas.text import Msg, Refusal, Template

RECORD_SHAPE_REQUIRED_KEYS_TYPES = Template(
    "schemas.shape.record-shape-required-keys-types",
    "记录的结构：必填字段、字段类型、未知字段",
    "record shape: required keys, types, unknown keys",
)
PUT_VALUE_IN_DOUBLE_QUOTES = Template(
    "schemas.shape.put-value-in-double-quotes",
    '给值加上英文双引号，例如 "…"。',
    "Put the value in double quotes.",
)
MUST_MATCH = Template("schemas.shape.must-match", "应符合格式 {pattern}。", "Must match {pattern}.")
REQUIRED_KEY_MISSING = Template(
    "schemas.shape.required-key-missing",
    "缺少必填字段 {field}（{title}）",
    "required key '{field}' is missing",
)
ADD_HERE_SEE_RECORD_FORMAT = Template(
    "schemas.shape.add-here-see-record-format",
    "在此处添加一行 {field}: …，参见 README 中的记录格式。",
    "Add '{field}: …' here; see the record format in the README.",
)
DID_YOU_MEAN = Template(
    "schemas.shape.did-you-mean", "是不是想写 {close}？", "Did you mean '{close}'?"
)
ALLOWED_HERE = Template(
    "schemas.shape.allowed-here", "这一层允许的字段：{allowed}。", "Allowed here: {allowed_2}."
)
UNKNOWN_KEY = Template("schemas.shape.unknown-key", "未知字段 {key}", "unknown key '{key}'")
SHOULD_BE_NOT = Template(
    "schemas.shape.should-be-not",
    "{label} 应为{want_zh}，实际是{got_zh}",
    "{path} should be {want_en}, not {got_en}",
)
NOT_ALLOWED = Template(
    "schemas.shape.not-allowed", "{label} 的值“{value}”无效", "{path}: '{value}' is not allowed"
)
USE_ONE = Template("schemas.shape.use-one", "只能取：{choices}。", "Use one of: {choices_en}.")
MUST_NOT_BE_EMPTY = Template(
    "schemas.shape.must-not-be-empty", "{label} 不能为空", "{path} must not be empty"
)
FILL_IT_IN_OR_REMOVE = Template(
    "schemas.shape.fill-it-in-or-remove",
    "填写内容，或删除这一行（如果它不是必填字段）。",
    "Fill it in or remove the line.",
)
NEEDS_AT_LEAST_ONE_ENTRY = Template(
    "schemas.shape.needs-at-least-one-entry",
    "{label} 至少要有一项",
    "{path} needs at least one entry",
)
ADD_ITEM_NAME_BELOW = Template(
    "schemas.shape.add-item-name-below",
    "在下面添加一项“- name: …”。",
    "Add an item '- name: …' below.",
)
HAS_WRONG_FORMAT = Template(
    "schemas.shape.has-wrong-format",
    "{label} 的格式不对：“{value}”",
    "{path} has the wrong format: '{value}'",
)
TEXT = Template("schemas.shape.text", "{label}：{reason}", "{path}: {reason}")
WRITE_DATES_AS_YYYY_MM = Template(
    "schemas.shape.write-dates-as-yyyy-mm",
    "日期写成 YYYY-MM-DD，例如 2016-05-18。",
    "Write dates as YYYY-MM-DD, e.g. 2016-05-18.",
)
TEXT_2 = Template("schemas.shape.text-2", "{label}：{text}", "{path}: {text}")
FOLLOW_RECORD_FORMAT_IN_README = Template(
    "schemas.shape.follow-record-format-in-readme",
    "按 README 中的记录格式修改。",
    "Follow the record format in the README.",
)
WRITE_TRUE_OR_FALSE_UNQUOTED = Template(
    "schemas.shape.write-true-or-false-unquoted",
    "写 true 或 false（不加引号）。",
    "Write true or false, unquoted.",
)
WRITE_WHOLE_NUMBER_E_G = Template(
    "schemas.shape.write-whole-number-e-g", "写一个整数，例如 3。", "Write a whole number, e.g. 3."
)
PUT_EACH_ITEM_ON_ITS = Template(
    "schemas.shape.put-each-item-on-its",
    "每一项单独一行，以“- ”开头。",
    "Put each item on its own line starting with '- '.",
)
INDENT_TWO_SPACES_ON_NEXT = Template(
    "schemas.shape.indent-two-spaces-on-next",
    "在下一行缩进两个空格，写“键: 值”。",
    "Indent two spaces on the next line and write 'key: value'.",
)
USE_3_64_LOWERCASE_LETTERS = Template(
    "schemas.shape.use-3-64-lowercase-letters",
    "只用小写字母、数字和连字符，3–64 位，例如 law-wechat；并与文件名一致。",
    "Use 3–64 lowercase letters, digits and hyphens, e.g. law-wechat.",
)
WRITE_FULL_ADDRESS_STARTING_WITH = Template(
    "schemas.shape.write-full-address-starting-with",
    "写完整地址，以 https:// 开头。",
    "Write the full address starting with https://.",
)
WRITE_ORG_TEAM_E_G = Template(
    "schemas.shape.write-org-team-e-g",
    "写成 @组织/团队，例如 @culr/law。",
    "Write @org/team, e.g. @culr/law.",
)
WRITE_UNIT_ID_FROM_POLICY = Template(
    "schemas.shape.write-unit-id-from-policy",
    "写 policy/units.yaml 中的单位编号（小写英文），例如 law。",
    "Write the unit id from policy/units.yaml, e.g. law.",
)
QUOTE_IT = Template(
    "schemas.shape.quote-it", '加上英文双引号：{key}: "{raw}"', 'Quote it: {key}: "{raw}"'
)
UNQUOTED_NUMBER = Template(
    "schemas.shape.unquoted-number",
    "{label} 的值 {raw} 没有加引号，YAML 把它读成了数字",
    "{field_path}: {raw} is unquoted and read as a number",
)
UNQUOTED_NUMBER_LOSES_ZERO = Template(
    "schemas.shape.unquoted-number-loses-zero",
    "{label} 的值 {raw} 没有加引号，YAML 把它读成了数字，开头的 0 会丢失",
    "{field_path}: {raw} is unquoted and read as a number, losing its leading zero",
)
UNQUOTED_AND_READ_AS_BOOLEAN = Template(
    "schemas.shape.unquoted-and-read-as-boolean",
    "{label} 的值 {raw} 没有加引号，YAML 把它读成了布尔值（是/否），而不是文字",
    "{field_path}: {raw} is unquoted and read as a boolean",
)
UNQUOTED_AND_READ_AS_DATE = Template(
    "schemas.shape.unquoted-and-read-as-date",
    "{label} 的值 {raw} 没有加引号，YAML 把它读成了日期，而这里需要文字",
    "{field_path}: {raw} is unquoted and read as a date where text is expected",
)

SCHEMA = RuleInfo(
    "schema",
    None,
    Severity.ERROR,
    RECORD_SHAPE_REQUIRED_KEYS_TYPES(),
)

M = TypeVar("M", bound=BaseModel)

GenericPath = tuple[str, ...]  # list indices replaced by "*"


@dataclass(frozen=True, slots=True)
class FieldMeta:
    title: str
    requirement: str | None
    keys: tuple[str, ...]  # the keys allowed inside this field when it is a mapping
    required: bool = False


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        found: list[type[BaseModel]] = []
        for arg in typing.get_args(annotation):
            found += _inner_models(arg)
        return found
    return []


@cache
def describe(model: type[BaseModel]) -> dict[GenericPath, FieldMeta]:
    """Every field path of ``model`` → its Chinese title, requirement and allowed sub-keys."""
    table: dict[GenericPath, FieldMeta] = {(): FieldMeta("", None, tuple(model.model_fields))}

    def walk(cls: type[BaseModel], prefix: GenericPath) -> None:
        for name, info in cls.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            requirement = extra.get("x-requirement")
            path = (*prefix, name)
            inner = _inner_models(info.annotation)
            keys = tuple(inner[0].model_fields) if inner else ()
            table[path] = FieldMeta(
                info.title or name,
                requirement if isinstance(requirement, str) else None,
                keys,
                info.is_required(),
            )
            if typing.get_origin(info.annotation) is list or "list[" in str(info.annotation):
                # A list item can never be left out: the items after it would move up a place.
                table[(*path, "*")] = FieldMeta(
                    info.title or name, table[path].requirement, keys, required=True
                )
                for sub in inner:
                    walk(sub, (*path, "*"))
            else:
                for sub in inner:
                    walk(sub, path)

    walk(model, ())
    return table


def _generic(loc: KeyPath) -> GenericPath:
    return tuple("*" if isinstance(part, int) else part for part in loc)


def _meta(model: type[BaseModel], loc: KeyPath) -> FieldMeta | None:
    table = describe(model)
    generic = _generic(loc)
    while generic not in table:
        if not generic:
            return None
        generic = generic[:-1]
    return table[generic]  # the root () too: what a misspelt top-level key is compared with


def validate(model: type[M], document: Document) -> tuple[M | None, list[Finding]]:
    """The model instance, or the findings that say where and why the shape is wrong."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        findings = [_finding(model, document, item) for item in error.errors()]
        return None, [f for f in findings if f is not None]


_TYPE_WORDS = {
    "string_type": ("文本", "text"),
    "int_type": ("整数", "an integer"),
    "int_parsing": ("整数", "an integer"),
    "bool_type": ("true 或 false", "true or false"),
    "bool_parsing": ("true 或 false", "true or false"),
    "model_type": ("“键: 值”形式的映射", "a mapping of 'key: value'"),
    "model_attributes_type": ("“键: 值”形式的映射", "a mapping of 'key: value'"),
    "dict_type": ("“键: 值”形式的映射", "a mapping of 'key: value'"),
    "list_type": ("以“- ”开头的列表", "a list of '- ' items"),
}


def _kind_of(value: Any) -> tuple[str, str]:
    if value is None:
        return "空值", "empty"
    if isinstance(value, bool):
        return "布尔值", "a boolean"
    if isinstance(value, int | float):
        return "数字", "a number"
    if isinstance(value, dict):
        return "映射", "a mapping"
    if isinstance(value, list):
        return "列表", "a list"
    if isinstance(value, str):
        return "文本", "text"
    return "日期", "a date"


@dataclass(frozen=True, slots=True)
class ShapeError:
    """One pydantic error, with what every handler needs to word and place it."""

    model: type[BaseModel]
    document: Document
    loc: KeyPath
    kind: str
    value: Any
    ctx: dict[str, Any]
    text: str
    meta: FieldMeta | None

    @property
    def requirement(self) -> str | None:
        return self.meta.requirement if self.meta else None

    @property
    def title(self) -> str:
        if self.meta and self.meta.title:
            return self.meta.title
        return str(self.loc[-1]) if self.loc else ""

    @property
    def label(self) -> str:
        """admins[0].phone（联系电话）: the field as written, and its name on the form."""
        if not self.loc:
            return "整个文件"  # a list or a bare value at the top of the file
        title = self.title
        if title and title != self.loc[-1]:
            return f"{field_path(self.loc)}（{title}）"
        return str(field_path(self.loc))

    @property
    def path(self) -> str | None:
        return field_path(self.loc) if self.loc else "the whole file"

    def make(self, message: Msg, hint: Msg) -> Finding:
        line, column = self.document.at(self.loc)
        return self.place(line, column, message, hint)

    def place(
        self, line: int, column: int, message: Msg, hint: Msg, *, cite: bool = True
    ) -> Finding:
        """The finding at ``line:column``; ``cite=False`` for errors no requirement covers."""
        return _make(
            SCHEMA,
            self.requirement if cite else None,
            self.document,
            line,
            column,
            self.loc,
            message,
            hint,
        )


def _missing(error: ShapeError) -> Finding:
    loc, document = error.loc, error.document
    line, column = document.at(loc[:-1], on_key=True) if len(loc) > 1 else document.at(())
    field, title = str(loc[-1]), error.title
    return error.place(
        line,
        column,
        REQUIRED_KEY_MISSING(field=field, title=title),
        ADD_HERE_SEE_RECORD_FORMAT(field=field),
    )


def meant_key(model: type[BaseModel], loc: KeyPath) -> str | None:
    """The allowed key an unknown key at ``loc`` most likely misspells (``statuss`` → status)."""
    parent = _meta(model, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), parent.keys if parent else (), n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key(error: ShapeError) -> Finding:
    key = str(error.loc[-1])
    parent = _meta(error.model, error.loc[:-1])
    allowed = parent.keys if parent else ()
    close = meant_key(error.model, error.loc)
    if close:
        hint = DID_YOU_MEAN(close=close)
    else:
        hint = ALLOWED_HERE(allowed="、".join(allowed), allowed_2=", ".join(allowed))
    line, column = error.document.at(error.loc, on_key=True)
    return error.place(line, column, UNKNOWN_KEY(key=key), hint, cite=False)


def _wrong_type(error: ShapeError) -> Finding:
    want_zh, want_en = _TYPE_WORDS[error.kind]
    got_zh, got_en = _kind_of(error.value)
    return error.make(
        SHOULD_BE_NOT(
            label=error.label,
            want_zh=want_zh,
            got_zh=got_zh,
            path=error.path,
            want_en=want_en,
            got_en=got_en,
        ),
        _type_hint(error.kind) if error.loc else FILL_IN_RECORD_AS_IN(),
    )


def _not_allowed(error: ShapeError) -> Finding:
    # pydantic words the allowed values as "'public', 'campus' or 'internal'"
    zh, en = labels.choices(re.findall(r"'([^']*)'", str(error.ctx.get("expected", ""))))
    return error.make(
        NOT_ALLOWED(label=error.label, value=error.value, path=error.path),
        USE_ONE(choices=zh, choices_en=en),
    )


def _empty_text(error: ShapeError) -> Finding:
    return error.make(
        MUST_NOT_BE_EMPTY(label=error.label, path=error.path),
        FILL_IT_IN_OR_REMOVE(),
    )


def _empty_list(error: ShapeError) -> Finding:
    return error.make(
        NEEDS_AT_LEAST_ONE_ENTRY(label=error.label, path=error.path),
        ADD_ITEM_NAME_BELOW(),
    )


def _wrong_format(error: ShapeError) -> Finding:
    pattern = str(error.ctx.get("pattern", ""))
    return error.make(
        HAS_WRONG_FORMAT(label=error.label, value=error.value, path=error.path),
        _pattern_hint(error.loc, pattern),
    )


def _bad_value(error: ShapeError) -> Finding:
    cause = error.ctx.get("error")
    reason = cause.message if isinstance(cause, Refusal) else str(cause or error.text)
    return error.make(
        TEXT(label=error.label, reason=reason, path=error.path),
        WRITE_DATES_AS_YYYY_MM(),
    )


def _other(error: ShapeError) -> Finding:
    return error.make(
        TEXT_2(label=error.label, text=error.text, path=error.path),
        FOLLOW_RECORD_FORMAT_IN_README(),
    )


Handler = typing.Callable[[ShapeError], Finding]

# Keyed by pydantic's error type; anything else falls to _other.
HANDLERS: dict[str, Handler] = {
    "missing": _missing,
    "extra_forbidden": _unknown_key,
    **dict.fromkeys(_TYPE_WORDS, _wrong_type),
    "literal_error": _not_allowed,
    "string_too_short": _empty_text,
    "too_short": _empty_list,
    "string_pattern_mismatch": _wrong_format,
    "value_error": _bad_value,
}

# Errors that an unquoted number, boolean or date explains better than the error itself.
TRAPPED = frozenset({"string_type", "literal_error", "string_pattern_mismatch"})


def _finding(model: type[BaseModel], document: Document, error: Any) -> Finding | None:
    loc: KeyPath = tuple(error["loc"])
    shape_error = ShapeError(
        model,
        document,
        loc,
        error["type"],
        error.get("input"),
        error.get("ctx", {}),
        str(error.get("msg", error["type"])),
        _meta(model, loc),
    )
    node = document.node(loc)
    if shape_error.kind in TRAPPED and is_plain_non_text(node):
        return _trap(document, loc, node, shape_error.label, shape_error.requirement)
    return HANDLERS.get(shape_error.kind, _other)(shape_error)


def _make(
    rule: RuleInfo,
    requirement: str | None,
    document: Document,
    line: int,
    column: int,
    loc: KeyPath,
    message: Msg,
    hint: Msg,
) -> Finding:
    finding = rule.finding(document.path, line, column, field_path(loc), message, hint)
    return replace(finding, requirement=requirement)


def _type_hint(kind: str) -> Msg:
    if kind.startswith("bool"):
        return WRITE_TRUE_OR_FALSE_UNQUOTED()
    if kind.startswith("int"):
        return WRITE_WHOLE_NUMBER_E_G()
    if kind == "list_type":
        return PUT_EACH_ITEM_ON_ITS()
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return INDENT_TWO_SPACES_ON_NEXT()
    return PUT_VALUE_IN_DOUBLE_QUOTES()


def _pattern_hint(loc: KeyPath, pattern: str) -> Msg:
    last = loc[-1] if loc else ""
    if last == "id":
        return USE_3_64_LOWERCASE_LETTERS()
    if last == "url":
        return WRITE_FULL_ADDRESS_STARTING_WITH()
    if last == "team":
        return WRITE_ORG_TEAM_E_G()
    if last == "unit":
        return WRITE_UNIT_ID_FROM_POLICY()
    return MUST_MATCH(pattern=pattern)


def _trap(
    document: Document, loc: KeyPath, node: Any, label: str, requirement: str | None
) -> Finding:
    raw = str(node.value)
    key = str(loc[-1]) if loc else ""
    line, column = document.at(loc)
    tag = node.tag.rsplit(":", 1)[-1]
    if tag in ("int", "float"):
        lost = raw.startswith("0") and len(raw) > 1
        number = UNQUOTED_NUMBER_LOSES_ZERO if lost else UNQUOTED_NUMBER
        message = number(label=label, raw=raw, field_path=field_path(loc))
    elif tag == "bool":
        message = UNQUOTED_AND_READ_AS_BOOLEAN(label=label, raw=raw, field_path=field_path(loc))
    else:
        message = UNQUOTED_AND_READ_AS_DATE(label=label, raw=raw, field_path=field_path(loc))
    finding = syntax.YAML_TYPE_TRAP.finding(
        document.path,
        line,
        column,
        field_path(loc),
        message,
        QUOTE_IT(key=key, raw=raw),
    )
    return replace(finding, requirement=requirement)
