"""Validate a parsed document against a model; turn pydantic errors into located findings."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from nmr.schemas import syntax
from nmr.schemas.finding import Finding, RuleInfo, Severity, field_path
from nmr.schemas.source import Document, KeyPath, is_plain_non_text
from nmr.schemas.text import Msg

SCHEMA = RuleInfo(
    "schema",
    None,
    Severity.ERROR,
    Msg(
        "记录的结构：必填字段、字段类型、未知字段",
        "record shape: required keys, types, unknown keys",
    ),
)

M = TypeVar("M", bound=BaseModel)

GenericPath = tuple[str, ...]  # list indices replaced by "*"


@dataclass(frozen=True, slots=True)
class FieldMeta:
    title: str
    article: int | None
    keys: tuple[str, ...]  # the keys allowed inside this field when it is a mapping


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
    """Every field path of ``model`` → its Chinese title, article and allowed sub-keys."""
    table: dict[GenericPath, FieldMeta] = {(): FieldMeta("", None, tuple(model.model_fields))}

    def walk(cls: type[BaseModel], prefix: GenericPath) -> None:
        for name, info in cls.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            article = extra.get("x-article")
            path = (*prefix, name)
            inner = _inner_models(info.annotation)
            keys = tuple(inner[0].model_fields) if inner else ()
            table[path] = FieldMeta(
                info.title or name, article if isinstance(article, int) else None, keys
            )
            if typing.get_origin(info.annotation) is list or "list[" in str(info.annotation):
                table[(*path, "*")] = FieldMeta(info.title or name, table[path].article, keys)
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
    while generic:
        if generic in table:
            return table[generic]
        generic = generic[:-1]
    return None


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
    def article(self) -> int | None:
        return self.meta.article if self.meta else None

    @property
    def title(self) -> str:
        if self.meta and self.meta.title:
            return self.meta.title
        return str(self.loc[-1]) if self.loc else ""

    @property
    def label(self) -> str:
        """admins[0].phone（联系电话）: the field as written, and its name on the form."""
        title = self.title
        if title and title != self.loc[-1]:
            return f"{field_path(self.loc)}（{title}）"
        return str(field_path(self.loc))

    @property
    def path(self) -> str | None:
        return field_path(self.loc)

    def make(self, message: Msg, hint: Msg) -> Finding:
        line, column = self.document.at(self.loc)
        return self.place(line, column, message, hint)

    def place(
        self, line: int, column: int, message: Msg, hint: Msg, *, cite: bool = True
    ) -> Finding:
        """The finding at ``line:column``; ``cite=False`` for errors no article covers."""
        return _make(
            SCHEMA,
            self.article if cite else None,
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
        Msg(f"缺少必填字段 {field}（{title}）", f"required key '{field}' ({title}) is missing"),
        Msg(
            f"在此处添加一行 {field}: …，参见 README 中的记录格式。",
            f"Add '{field}: …' here; see the record format in the README.",
        ),
    )


def _unknown_key(error: ShapeError) -> Finding:
    key = str(error.loc[-1])
    parent = _meta(error.model, error.loc[:-1])
    allowed = parent.keys if parent else ()
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        hint = Msg(f"是不是想写 {close[0]}？", f"Did you mean '{close[0]}'?")
    else:
        hint = Msg(
            f"这一层允许的字段：{'、'.join(allowed)}。", f"Allowed here: {', '.join(allowed)}."
        )
    line, column = error.document.at(error.loc, on_key=True)
    return error.place(
        line, column, Msg(f"未知字段 {key}", f"unknown key '{key}'"), hint, cite=False
    )


def _wrong_type(error: ShapeError) -> Finding:
    want_zh, want_en = _TYPE_WORDS[error.kind]
    got_zh, got_en = _kind_of(error.value)
    return error.make(
        Msg(
            f"{error.label} 应为{want_zh}，实际是{got_zh}",
            f"{error.path} should be {want_en}, not {got_en}",
        ),
        _type_hint(error.kind),
    )


def _not_allowed(error: ShapeError) -> Finding:
    expected = str(error.ctx.get("expected", ""))
    return error.make(
        Msg(
            f"{error.label} 的值“{error.value}”无效",
            f"{error.path}: '{error.value}' is not allowed",
        ),
        Msg(f"只能取：{expected}。", f"Use one of: {expected}."),
    )


def _empty_text(error: ShapeError) -> Finding:
    return error.make(
        Msg(f"{error.label} 不能为空", f"{error.path} must not be empty"),
        Msg("填写内容，或删除这一行（如果它不是必填字段）。", "Fill it in or remove the line."),
    )


def _empty_list(error: ShapeError) -> Finding:
    return error.make(
        Msg(f"{error.label} 至少要有一项", f"{error.path} needs at least one entry"),
        Msg("在下面添加一项“- name: …”。", "Add an item '- name: …' below."),
    )


def _wrong_format(error: ShapeError) -> Finding:
    pattern = str(error.ctx.get("pattern", ""))
    return error.make(
        Msg(
            f"{error.label} 的格式不对：“{error.value}”",
            f"{error.path} has the wrong format: '{error.value}'",
        ),
        _pattern_hint(error.loc, pattern),
    )


def _bad_value(error: ShapeError) -> Finding:
    reason = str(error.ctx.get("error", error.text))
    return error.make(
        Msg(f"{error.label}：{reason}", f"{error.path}: {reason}"),
        Msg(
            "日期写成 YYYY-MM-DD，例如 2016-05-18。", "Write dates as YYYY-MM-DD, e.g. 2016-05-18."
        ),
    )


def _other(error: ShapeError) -> Finding:
    return error.make(
        Msg(f"{error.label}：{error.text}", f"{error.path}: {error.text}"),
        Msg("按 README 中的记录格式修改。", "Follow the record format in the README."),
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
        return _trap(document, loc, node, shape_error.label, shape_error.article)
    return HANDLERS.get(shape_error.kind, _other)(shape_error)


def _make(
    rule: RuleInfo,
    article: int | None,
    document: Document,
    line: int,
    column: int,
    loc: KeyPath,
    message: Msg,
    hint: Msg,
) -> Finding:
    finding = rule.finding(document.path, line, column, field_path(loc), message, hint)
    return replace(finding, article=article)


def _type_hint(kind: str) -> Msg:
    if kind.startswith("bool"):
        return Msg("写 true 或 false（不加引号）。", "Write true or false, unquoted.")
    if kind.startswith("int"):
        return Msg("写一个整数，例如 3。", "Write a whole number, e.g. 3.")
    if kind == "list_type":
        return Msg(
            "每一项单独一行，以“- ”开头。", "Put each item on its own line starting with '- '."
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return Msg(
            "在下一行缩进两个空格，写“键: 值”。",
            "Indent two spaces on the next line and write 'key: value'.",
        )
    return Msg('给值加上英文双引号，例如 "…"。', "Put the value in double quotes.")


def _pattern_hint(loc: KeyPath, pattern: str) -> Msg:
    last = loc[-1] if loc else ""
    if last == "id":
        return Msg(
            "只用小写字母、数字和连字符，3–64 位，例如 law-wechat；并与文件名一致。",
            "Use 3–64 lowercase letters, digits and hyphens, e.g. law-wechat.",
        )
    if last == "url":
        return Msg(
            "写完整地址，以 https:// 开头。", "Write the full address starting with https://."
        )
    if last == "team":
        return Msg("写成 @组织/团队，例如 @culr/law。", "Write @org/team, e.g. @culr/law.")
    if last == "unit":
        return Msg(
            "写 policy/units.yaml 中的单位编号（小写英文），例如 law。",
            "Write the unit id from policy/units.yaml, e.g. law.",
        )
    return Msg(f"应符合格式 {pattern}。", f"Must match {pattern}.")


def _trap(document: Document, loc: KeyPath, node: Any, label: str, article: int | None) -> Finding:
    raw = str(node.value)
    key = str(loc[-1]) if loc else ""
    line, column = document.at(loc)
    tag = node.tag.rsplit(":", 1)[-1]
    if tag in ("int", "float"):
        lost = raw.startswith("0") and len(raw) > 1
        message = Msg(
            f"{label} 的值 {raw} 没有加引号，YAML 把它读成了数字"
            + ("，开头的 0 会丢失" if lost else ""),
            f"{field_path(loc)}: {raw} is unquoted and read as a number"
            + (", losing its leading zero" if lost else ""),
        )
    elif tag == "bool":
        message = Msg(
            f"{label} 的值 {raw} 没有加引号，YAML 把它读成了布尔值（是/否），而不是文字",
            f"{field_path(loc)}: {raw} is unquoted and read as a boolean",
        )
    else:
        message = Msg(
            f"{label} 的值 {raw} 没有加引号，YAML 把它读成了日期，而这里需要文字",
            f"{field_path(loc)}: {raw} is unquoted and read as a date where text is expected",
        )
    finding = syntax.YAML_TYPE_TRAP.finding(
        document.path,
        line,
        column,
        field_path(loc),
        message,
        Msg(f'加上英文双引号：{key}: "{raw}"', f'Quote it: {key}: "{raw}"'),
    )
    return replace(finding, article=article)
