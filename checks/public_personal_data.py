"""public-personal-data: no phone number, e-mail, QQ or ID number in a published field.

The name, handle, ID, link, mission, scope and verification subject are published on the
public registry site and in registry.json/csv. A manager's phone number or e-mail written
there would be published with them ({art_confidentiality}; 个人信息保护法). Phone
numbers are found with phonenumbers' matcher, e-mail addresses with email-validator, QQ
numbers where "QQ" introduces them, 身份证号 by their check digit. In identifiers (handle,
link) only mobile numbers count, and the platform's own numeric ID is not searched for phone
numbers: UIDs are long numbers by nature. A warning: an office line published on purpose is
the unit's decision.

PASS (宗旨不含联系方式)::

    # base: law-weibo

FAIL (发布范围中写了个人邮箱)::

    # base: law-weibo
    # expect: public-personal-data 9 9:10 公开字段 purpose.scope 中有邮箱 wan*************u.cn warning
    -  scope: 学院动态
    +  scope: 学院动态，投稿 wangfang@culr.edu.cn

FAIL (宗旨中写了手机号)::

    # base: law-weibo
    # expect: public-personal-data 9 8:12 公开字段 purpose.mission 中有电话号码 138****8000 warning
    -  mission: 发布学院新闻。
    +  mission: 投稿请联系 13800138000。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    KeyPath,
    Msg,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    email_error,
    field_path,
    mask,
)

NO_PERSONAL_DATA_IN_PUBLISHED = Template(
    "public-personal-data.no-personal-data-in-published",
    "公开字段中不写电话、邮箱、QQ 号和身份证号",
    "no personal data in published fields",
)
PUBLISHED_FIELD_HOLDS_PERSONAL_DATA = Template(
    "public-personal-data.published-field-holds-personal-data",
    "公开字段 {field} 中有{kind} {mask}：这一字段会在公开网站上发布",
    "the published field {field} holds {kind} ({mask})",
)
REMOVE_IT_CONTACT_DETAILS_GO = Template(
    "public-personal-data.remove-it-contact-details-go",
    "删去个人联系方式；联系人信息写在 contact 中（只用于内部台账，不公开）。",
    "Remove it: contact details go under contact, which is never published.",
)

PHONE_NUMBER = Template("public-personal-data.phone-number", "电话号码", "a phone number")
EMAIL = Template("public-personal-data.email", "邮箱", "an e-mail address")
QQ_NUMBER = Template("public-personal-data.qq-number", "QQ 号", "a QQ number")
ID_CARD_NUMBER = Template("public-personal-data.id-card-number", "身份证号", "an ID card number")

INFO = RuleInfo(
    "public-personal-data",
    "confidentiality",
    Severity.WARNING,
    NO_PERSONAL_DATA_IN_PUBLISHED(),
)

FREE_TEXT: tuple[KeyPath, ...] = (
    ("name",),
    ("purpose", "mission"),
    ("purpose", "scope"),
    ("verification", "subject"),
)
IDENTIFIERS: tuple[KeyPath, ...] = (("handle",), ("url",))
PUBLIC_FIELDS = FREE_TEXT + IDENTIFIERS + (("platform_id",),)
QQ = re.compile(r"(?i)(?:QQ|ＱＱ)\s*(?:号|群)?\s*[:：]?\s*(\d{5,11})")
ID_NUMBER = re.compile(r"(?<!\d)(\d{17}[\dXx])(?!\d)")
_EDGES = re.compile(r"^[.,:：]+|[.,:：]+$")  # punctuation around an address
_ANY_DIGIT = re.compile(r"\d")  # Unicode: full-width and other scripts' digits too
_TOKENS = re.compile(r"[\s，。；;、（）()<>《》\"'“”]+")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_number(candidate: str) -> bool:
    """GB 11643: the 18th character checks the first 17."""
    total = sum(int(digit) * weight for digit, weight in zip(candidate, _WEIGHTS, strict=False))
    return "10X98765432"[total % 11] == candidate[-1].upper()


def _phones(text: str, *, mobile_only: bool) -> Iterator[str]:
    if not _ANY_DIGIT.search(text):
        return  # no digit of any script, no number: most prose never reaches the matcher
    import phonenumbers

    for match in phonenumbers.PhoneNumberMatcher(text, "CN"):
        kind = phonenumbers.number_type(match.number)
        if not mobile_only or kind == phonenumbers.PhoneNumberType.MOBILE:
            yield match.raw_string


def _emails(text: str) -> Iterator[str]:
    if "@" not in text:
        return
    for token in _TOKENS.split(text):
        if "@" not in token:
            continue
        candidate = _EDGES.sub("", token)
        if email_error(candidate) is None:
            yield candidate


def personal_data(text: str, where: KeyPath = ("name",)) -> Iterator[tuple[Msg, str]]:
    """(kind, value) of each piece of personal data in ``text``, found in field ``where``."""
    if where != ("platform_id",):
        for phone in _phones(text, mobile_only=where in IDENTIFIERS):
            yield PHONE_NUMBER(), phone
    for email in _emails(text):
        yield EMAIL(), email
    for match in QQ.finditer(text):
        yield QQ_NUMBER(), match.group(1)
    for match in ID_NUMBER.finditer(text):
        if _id_number(match.group(1)):
            yield ID_CARD_NUMBER(), match.group(1)


def _value(record: AccountFile, where: KeyPath) -> str | None:
    data: object = record.document.data
    for key in where:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, str) else None


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    for where in PUBLIC_FIELDS:
        text = _value(record, where)
        if not text:
            continue
        for kind, value in personal_data(text, where):
            yield record.at(
                INFO,
                where,
                PUBLISHED_FIELD_HOLDS_PERSONAL_DATA(
                    field=field_path(where), kind=kind, mask=mask(value)
                ),
                REMOVE_IT_CONTACT_DETAILS_GO(),
            )


RULE = account_rule(INFO, check, __doc__)
