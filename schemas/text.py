"""User-facing text: message templates in both languages, messages, article numbering.

A rule never builds a sentence. It declares its templates once, at module level::

    TOO_SHORT = Template("contact-qq.too-short", "QQ 号“{value}”太短", "QQ '{value}' is too short")

and a finding carries ``TOO_SHORT(value=value)``: a message id and its arguments. The reporter
renders it at the end, in the language the user chose (``Msg.get``): an argument that is a
message renders in that language too, and a list is joined with 、 (or ", "), "（无）" if
empty. Every template is in ``CATALOG`` under its id, in both languages (a test holds every
template to that). Names the policy gives (offices, the institution, articles) fill the
fields a template leaves to them: see ``use_policy_names``.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]

_DIGITS = "零一二三四五六七八九"

CATALOG: dict[str, Template] = {}

# Names that come from the loaded policy, not from code: every template may use them.
#   {approver}    the approver unit's name (units.yaml, policy.yaml approver_unit)
#   {institution} policy.yaml institution
#   {measures}    policy.yaml measures (the title of the Measures)
#   {guides}      the student-organisation guide units' names, joined
POLICY_NAMES = ("approver", "institution", "measures", "guides", "support")
_names: ContextVar[Mapping[str, object]] = ContextVar("policy_names")


def use_policy_names(names: Mapping[str, object]) -> None:
    """Name the offices, the institution and the articles for every message rendered from now on.

    Besides POLICY_NAMES, ``art_<requirement>`` (``{art_filing}``) names the article a
    requirement cites under this policy, so a hint can say where without a number in code.
    """
    _names.set(dict(names))


def policy_names() -> Mapping[str, object]:
    return _names.get(DEFAULT_NAMES)


def policy_name(key: str, lang: Lang = "zh") -> str:
    """One of POLICY_NAMES as text, e.g. the approver unit's name for a heading."""
    return str(_render(policy_names()[key], lang))


@functools.lru_cache(maxsize=4096)
def _fields(text: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@dataclass(frozen=True, slots=True)
class Template:
    """A message in Chinese (primary) and English, with ``{name}`` fields for its arguments."""

    key: str
    zh: str
    en: str

    def __post_init__(self) -> None:
        known = CATALOG.setdefault(self.key, self)
        if known != self:
            raise ValueError(f"message id {self.key} is declared twice with different text")

    def __call__(self, **args: object) -> Msg:
        return Msg(self.key, tuple(args.items()))

    def fields(self, lang: Lang) -> frozenset[str]:
        return _fields(self.en if lang == "en" else self.zh)


@dataclass(frozen=True, slots=True)
class Msg:
    """A message: its template's id and the arguments, rendered only when shown."""

    key: str
    args: tuple[tuple[str, object], ...] = ()

    def get(self, lang: Lang) -> str:
        template = CATALOG[self.key]
        text = template.en if lang == "en" else template.zh
        values = {name: _render(value, lang) for name, value in self.args}
        names = policy_names()
        for name in template.fields(lang) - values.keys():
            # only what this template asks for: the defaults are messages too
            if name in names:
                values[name] = _render(names[name], lang)
            elif name.startswith("art_"):  # a requirement this policy maps to no article
                values[name] = _render(DEFAULT_NAMES["article"], lang)
        return text.format_map(values)

    @property
    def zh(self) -> str:
        return self.get("zh")

    @property
    def en(self) -> str:
        return self.get("en")

    def __hash__(self) -> int:
        # repr: arguments may be lists; not the rendered text, which follows the loaded policy
        return hash((self.key, repr(self.args)))

    @staticmethod
    def verbatim(zh: str, en: str) -> Msg:
        """Text that comes from outside (a library's error, an operator's words), not a template."""
        return VERBATIM(zh=zh, en=en)


VERBATIM = Template("text.verbatim", "{zh}", "{en}")


class Refusal(ValueError):
    """A validator's refusal worded in both languages (pydantic keeps the exception in the
    error's context, so the shape finding can show it in the reader's language)."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message.zh)
        self.message = message


# Before any policy is loaded (a usage error, a broken policy.yaml): generic words.
DEFAULT_NAMES: Mapping[str, object] = {
    "approver": Template("text.approver", "审批单位", "the approver unit")(),
    "institution": Template("text.institution", "本单位", "the institution")(),
    "measures": Template("text.measures", "新媒体管理办法", "the new-media measures")(),
    "guides": Template("text.guides", "学团指导单位", "the student-organisation guides")(),
    "article": Template("text.article", "相关条款", "the relevant article")(),
    "support": Template("text.support", "信息化部门", "the IT office")(),
}
NOTHING = Template("text.nothing", "（无）", "(none)")
SEPARATOR = {"zh": "、", "en": ", "}


def _render(value: object, lang: Lang) -> object:
    """A message argument as shown: messages in the same language, lists joined (、 or ,)."""
    if isinstance(value, Msg):
        return value.get(lang)
    if isinstance(value, list | tuple):
        if not value:
            return NOTHING().get(lang)
        return SEPARATOR[lang].join(str(_render(item, lang)) for item in value)
    return value


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 14 → 十四, 21 → 二十一 (enough for article numbers)."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def article_label(article: int | None, lang: Lang = "zh") -> str:
    """第五条 / Art. 5 / empty for findings that cite no article."""
    if article is None:
        return ""
    return f"Art. {article}" if lang == "en" else f"第{chinese_number(article)}条"


def article_name(article: int) -> Msg:
    """第五条 in Chinese, Art. 5 in English: an article as a message argument."""
    return Msg.verbatim(article_label(article, "zh"), article_label(article, "en"))


_ART_FIELD = re.compile(r"\{(art_[a-z_]+)\}")


def art(requirement: str, lang: Lang = "zh") -> str:
    """The article this policy cites for ``requirement`` (第五条), or 相关条款 when none."""
    name = f"art_{requirement.replace('-', '_')}"
    return str(_render(policy_names().get(name, DEFAULT_NAMES["article"]), lang))


def cited(text: str, lang: Lang = "zh") -> str:
    """A plain text with its ``{art_<requirement>}`` fields filled from this policy."""
    return _ART_FIELD.sub(lambda m: art(m.group(1).removeprefix("art_"), lang), text)
