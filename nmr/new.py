"""``nmr new``: the questions of 附件1, one at a time, checked as they are answered.

Each answer is validated with the same code the rules use (phonenumbers, email-validator,
the QQ pattern); a wrong answer is explained and asked again. Every question can also be
answered by a flag, for scripts; then a wrong or missing answer is a usage error (exit 2).
The file is created, never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email

from nmr.engine.office import signing_units
from nmr.engine.people import QQ_NUMBER, half_width, is_valid_phone
from nmr.engine.registry import Registry, is_account_path, stem_of
from nmr.handles import HandleIndex
from nmr.new_options import ANSWER_KEYS
from nmr.normalise import Words, clean_phone, propose_id, read_date, refusal_text
from nmr.render.escape import terminal
from nmr.render.record_yaml import record_text, write_new
from nmr.schemas.errors import NmrError
from nmr.schemas.labels import AUDIENCE
from nmr.schemas.models import ID_PATTERN, Policy
from nmr.schemas.text import Template, art

MISSING = Template("new.missing", "缺少 --{key}", "missing --{key}")
MISSING_2 = Template("new.missing-2", "缺少 --{replace}（{prompt}）", "missing --{replace}")
EXISTS_NOTHING_WAS_OVERWRITTEN = Template(
    "new.exists-nothing-was-overwritten",
    "{rel} 已存在，没有覆盖。换一个登记编号（--id）再试。",
    "{rel} exists; nothing was overwritten.",
)
TEXT = Template("new.text", "--{replace} “{value}”：{problem}", "--{key}: {problem}")
NEEDS_COMMA_SEPARATED_VALUES = Template(
    "new.needs-comma-separated-values",
    "--{key} “{entry}” 应写成：{value}",
    "--{key} needs {fields_count} comma-separated values",
)
CANCELLED_NOTHING_WAS_WRITTEN = Template(
    "new.cancelled-nothing-was-written",
    "已取消，没有写入任何文件。",
    "cancelled; nothing was written.",
)

Check = Callable[[str], str | None]  # an error message, or None when the answer is fine


def _required(value: str) -> str | None:
    return None if value.strip() else "不能为空。"


def _phone(value: str) -> str | None:
    value = clean_phone(value)
    fixed = half_width(value)
    if fixed is not None:
        return f"含有全角字符，请切换到英文输入法，改为 {fixed}。"
    return (
        None
        if is_valid_phone(value)
        else "不是有效的电话号码：手机号 11 位，座机请带区号，如 010-88561234。"
    )


def _email(value: str) -> str | None:
    fixed = half_width(value)
    if fixed is not None:
        return f"含有全角字符，请改为 {fixed}。"
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return "不是有效的邮箱地址，例如 name@example.edu.cn。"
    return None


def _qq(value: str) -> str | None:
    return (
        None
        if not value or QQ_NUMBER.fullmatch(value)
        else "QQ 号应为 5–11 位数字，且不以 0 开头。"
    )


def _date(value: str) -> str | None:
    """Any date import reads (2024-03-05, 2024/3/5, 2024年3月5日); a month alone is asked back."""
    try:
        return None if read_date(value) is not None else "请填写日期，例如 2026-11-24。"
    except ValueError as error:
        return f"{refusal_text(error).zh}。"


def _day(value: str) -> dt.date:
    day = read_date(value)
    assert day is not None  # checked by _date when asked
    return day


def _url(value: str) -> str | None:
    return (
        None
        if not value or re.fullmatch(r"https?://\S+", value)
        else "链接应以 http:// 或 https:// 开头。"
    )


def _yes_no(value: str) -> str | None:
    return None if value.lower() in ("y", "n", "是", "否") else "请回答 y（是）或 n（否）。"


def _flag(key: str) -> str:
    """The flag that answers ``key``: --unit, --reply-days … or --field KEY=… for extra fields."""
    return f"field {key[6:]}=…" if key.startswith("extra.") else key.replace("_", "-")


@dataclass
class Asker:
    """Ask on the terminal, or take the answer given by a flag."""

    given: dict[str, Any]
    interactive: bool
    # A filled issue form: every wrong or missing answer is noted (under the form's label)
    # and the interview goes on, so the unit hears of all of them at once.
    problems: list[str] | None = None
    labels: dict[str, str] = dataclass_field(default_factory=dict)

    def ask(self, key: str, prompt: str, check: Check = _required, default: str = "") -> str:
        if key in self.given and self.given[key] is not None:
            value = str(self.given[key]).strip()
            problem = check(value)
            if problem:
                if self.problems is not None:
                    self.problems.append(f"{self.labels.get(key, key)}“{value}”：{problem}")
                    return default if check(default) is None else value
                raise NmrError(TEXT(replace=_flag(key), value=value, problem=problem, key=key))
            return value
        if not self.interactive:
            if check(default) is None:
                return default  # optional, or a sensible default: scripts need not give it
            if self.problems is not None:
                self.problems.append(f"缺少“{self.labels.get(key, prompt)}”")
                return default
            raise NmrError(MISSING_2(replace=_flag(key), prompt=prompt))
        suffix = f"［{default}］" if default else ""
        while True:
            try:
                value = input(f"{prompt}{suffix}：").strip() or default
            except EOFError:
                raise NmrError(CANCELLED_NOTHING_WAS_WRITTEN()) from None
            problem = check(value)
            if problem is None:
                return value
            print(f"  ✗ {problem}请重新输入。")

    def choose(
        self,
        key: str,
        prompt: str,
        options: Sequence[tuple[str, str]],
        read: Callable[[str], str | None] = lambda value: None,
        default: str = "",
    ) -> str:
        """One of ``options``: by its number, key or label, or any word ``read`` knows (the
        normaliser's aliases: 公众号, 经管学院, 公开)."""
        keys = [option for option, _ in options]
        if self.interactive and not (self.given.get(key)):
            print(prompt)
            for number, (option, label) in enumerate(options, start=1):
                print(f"  {number:>2}. {label}（{option}）")

        def check(value: str) -> str | None:
            if value in keys or (value.isdigit() and 1 <= int(value) <= len(keys)):
                return None
            labels = [label for _, label in options]
            known = value in labels or read(value) in keys
            return None if known else f"不是可选项：请写序号 1–{len(keys)}、编号或名称。"

        answer = self.ask(key, "请输入序号、编号或名称", check, default)
        if answer in keys:
            return answer
        if answer.isdigit():
            return keys[int(answer) - 1]
        labels = [label for _, label in options]
        if answer in labels:
            return keys[labels.index(answer)]
        known = read(answer)
        return known if known in keys else keys[0]  # only after a noted problem (a form)


def _person(asker: Asker, key: str, role: str, *, qq: bool = False) -> dict[str, str]:
    given = asker.given.get(key)
    if given is not None:
        parts = [part.strip() for part in re.split(r"[,，]", str(given))][:5]
        names = ["name", "title", "phone", "email", "qq"][: len(parts)]
        words = {
            "name": "姓名",
            "title": "职务",
            "phone": "联系电话",
            "email": "邮箱",
            "qq": "QQ号",
        }
        sub = Asker(
            dict(zip([f"{key}_{n}" for n in names], parts, strict=True)),
            interactive=False,
            problems=asker.problems,
            labels={f"{key}_{n}": f"{role}{word}" for n, word in words.items()},
        )
    else:
        sub = asker
    person = {
        "name": sub.ask(f"{key}_name", f"{role}姓名"),
        "title": sub.ask(f"{key}_title", f"{role}职务"),
        "phone": clean_phone(sub.ask(f"{key}_phone", f"{role}联系电话", _phone)),
        "email": sub.ask(f"{key}_email", f"{role}邮箱", _email),
    }
    if qq:
        value = (
            sub.ask(f"{key}_qq", f"{role}QQ号（没有请直接回车）", _qq)
            if (given is None or f"{key}_qq" in sub.given)
            else ""
        )
        if value:
            person["qq"] = value
    return person


def _people(asker: Asker, key: str, role: str, *, contact_details: bool) -> list[dict[str, str]]:
    given = asker.given.get(key)
    if given:
        people = []
        for entry in given:
            parts = [part.strip() for part in re.split(r"[,，]", entry)]
            fields = ["name", "title", "phone", "email"] if contact_details else ["name", "title"]
            if len(parts) != len(fields) and asker.problems is not None:
                wanted = "，".join(["姓名", "职务", "电话", "邮箱"][: len(fields)])
                asker.problems.append(f"{role}“{entry}”应写成：{wanted}")
                continue
            if len(parts) != len(fields):
                raise NmrError(
                    NEEDS_COMMA_SEPARATED_VALUES(
                        key=key,
                        entry=entry,
                        value="，".join(["姓名", "职务", "电话", "邮箱"][: len(fields)]),
                        fields_count=len(fields),
                    )
                )
            sub = Asker(
                dict(zip(fields, parts, strict=True)),
                interactive=False,
                problems=asker.problems,
                labels={
                    "name": f"{role}姓名",
                    "title": f"{role}职务",
                    "phone": f"{role}电话",
                    "email": f"{role}邮箱",
                },
            )
            person = {"name": sub.ask("name", "姓名"), "title": sub.ask("title", "职务")}
            if contact_details:
                person |= {
                    "phone": clean_phone(sub.ask("phone", "电话", _phone)),
                    "email": sub.ask("email", "邮箱", _email),
                }
            people.append(person)
        return people
    if not asker.interactive:
        if asker.problems is not None:
            asker.problems.append(f"缺少“{asker.labels.get(key, role)}”")
            return []
        raise NmrError(MISSING(key=key))
    people = []
    while True:
        number = len(people) + 1
        name = input(
            f"{role}{number} 姓名（{'输完请直接回车' if people else '至少一人'}）："
        ).strip()
        if not name:
            if people:
                return people
            print("  ✗ 至少需要一人。")
            continue
        person = {"name": name, "title": Asker({}, True).ask("_", f"{role}{number} 职务")}
        if contact_details:
            person["phone"] = clean_phone(
                Asker({}, True).ask("_", f"{role}{number} 联系电话", _phone)
            )
            person["email"] = Asker({}, True).ask("_", f"{role}{number} 邮箱", _email)
        people.append(person)


def _handle_check(handles: HandleIndex, platform: str) -> Check:
    """Required, and no clash with or look-alike of a registered handle (第四条)."""

    def check(value: str) -> str | None:
        problem = handles.problem(platform, value)
        return f"{problem}。" if problem else _required(value)

    return check


def _integer(value: str) -> str | None:
    return None if re.fullmatch(r"-?[0-9]{1,9}", value) else "请填写整数。"


def _optional(check: Check) -> Check:
    return lambda value: None if not value else check(value)


def _extra_fields(asker: Asker, policy: Policy) -> dict[str, Any]:
    """Ask the fields this institution adds (policy.yaml ``extra_fields``); skip empty optional ones."""
    found: dict[str, Any] = {}
    for field in policy.extra_fields:
        key, prompt = f"extra.{field.key}", field.title + ("" if field.required else "（可不填）")
        if field.type == "choice" and field.choices:
            if field.required or key in asker.given:
                found[field.key] = asker.choose(
                    key, f"{field.title}：", [(c, c) for c in field.choices]
                )
            continue
        check: Check = {"date": _date, "integer": _integer, "boolean": _yes_no}.get(
            field.type, _required
        )
        value = asker.ask(key, prompt, check if field.required else _optional(check))
        if value:
            found[field.key] = _typed(field.type, value)
    return found


def _typed(kind: str, value: str) -> Any:
    if kind == "date":
        return _day(value)
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return value.lower() in ("y", "是")
    return value


def interview(registry: Registry, asker: Asker, today: dt.date) -> tuple[str, dict[str, Any]]:
    policy = registry.policy
    if asker.interactive:
        print(
            "新建官方新媒体备案记录（附件1《新媒体建设备案登记表》）。带［］的是默认值，直接回车即可采用。"
        )
    words = Words.of(registry)
    unit_id = asker.choose(
        "unit",
        f"主办单位（{art('host-unit')}：只能是单位，不能是个人；可写简称）：",
        [(u.id, u.name) for u in registry.units],
        lambda value: words.unit(value, policy.institution),
    )
    unit = registry.unit(unit_id)
    assert unit is not None
    platform = asker.choose(
        "platform", "新媒体类型：", list(policy.platform_labels.items()), words.platform
    )
    name = asker.ask("name", "新媒体昵称")
    handles = HandleIndex(registry)
    handle = asker.ask(
        "handle", "新媒体号（微信号、微博账号、抖音号等）", _handle_check(handles, platform)
    )
    platform_id = asker.ask(
        "platform_id", "新媒体ID（原始ID、UID；没有请直接回车）", lambda v: None
    )
    url = asker.ask("url", "公开链接（没有请直接回车）", _url)
    mission = asker.ask("mission", "宗旨")
    scope = asker.ask("scope", "信息发布范围")
    audience = asker.choose("audience", "访问范围：", list(AUDIENCE.items()), words.audience)
    opened_on = asker.ask("opened_on", "开通日期（计划开通请填计划日期）", _date, today.isoformat())
    verified = asker.ask("verified", "是否已完成平台实名认证（y/n）", _yes_no, "n").lower() in (
        "y",
        "是",
    )
    verification: dict[str, Any] = {"verified": verified}
    if verified:
        verification["subject"] = asker.ask(
            "verified_subject", "认证主体", default=f"{policy.institution}{unit.name}"
        )
        verification["verified_on"] = _day(asker.ask("verified_on", "认证日期", _date))
    contact = _person(asker, "contact", "联系人", qq=True)
    leader = _person(asker, "leader", "主管领导")
    admins = _people(asker, "admin", "后台管理人员", contact_details=True)
    reviewers = _people(asker, "reviewer", "内容审核专人", contact_details=False)
    maximum = policy.reply_commitment_max_days
    allowed = f"1–{maximum} 天" if maximum is not None else "至少 1 天"
    wrong = f"请填 1 到 {maximum} 之间的整数。" if maximum is not None else "请填正整数。"
    days = asker.ask(
        "reply_days",
        f"答复期限承诺（{allowed}，{art('reply-commitment')}）",
        lambda v: None if v.isdigit() and 1 <= int(v) <= (maximum or int(v)) else wrong,
        str(min(3, maximum or 3)),
    )
    signers = signing_units(registry, unit)
    heads = [(head.name, head.title) for u in signers for head in u.heads]
    who = f"{'、'.join(u.name for u in signers)}的党政主要负责人"
    signer = asker.choose("signed_by", f"登记表签字负责人（{who}）：", heads)
    # 附件2: the head who signs the 承诺书, usually the same one, asked so a change of heads
    # between the two papers is recorded as it happened.
    commitment_by = asker.choose(
        "commitment_by", f"承诺书签字负责人（{who}）：", heads, default=signer
    )
    extra = _extra_fields(asker, policy)
    filed_on = asker.ask("filed_on", "登记表报送日期", _date, today.isoformat())
    taken = {stem_of(e.path) for e in registry.entries if is_account_path(e.path)}
    account_id = asker.ask(
        "id",
        "登记编号（小写字母、数字、连字符；与文件名相同，今后不能改）",
        lambda v: (
            "格式不对：只能用小写字母、数字和连字符，3–64 位。"
            if not re.fullmatch(ID_PATTERN, v)
            else ("这个编号已被使用，请换一个。" if v in taken else None)
        ),
        propose_id(unit_id, platform, taken),
    )
    # Last: the seal is what the printed form collects, so the unit answers it knowing the rest.
    sealed = asker.ask("sealed", "登记表是否已加盖公章（y/n）", _yes_no, "n").lower() in ("y", "是")
    opened = _day(opened_on)
    filing: dict[str, Any] = {
        "filed_on": _day(filed_on),
        "reason": "grandfathered" if opened < policy.effective_on else "initial",
        "signed_by": signer,
        "sealed": sealed,
    }
    record: dict[str, Any] = {
        "id": account_id,
        "name": name,
        "platform": platform,
        "handle": handle,
        "platform_id": platform_id or None,
        "url": url or None,
        "unit": unit_id,
        "purpose": {"mission": mission, "scope": scope, "audience": audience},
        "opened_on": opened,
        "verification": verification,
        "contact": contact,
        "leader": leader,
        "admins": admins,
        "reviewers": reviewers,
        "reply_commitment_days": int(days),
        "commitment": {"signed_by": commitment_by, "signed_on": filing["filed_on"]},
        "filings": [filing],
        "annual_reviews": [],
        "status": "proposed",  # 申请中: active only once approved
        **extra,
    }
    return f"accounts/{unit_id}/{account_id}.yaml", record


def _confirm(rel: str, record: dict[str, Any]) -> None:
    """The record exactly as it will be saved, then one last yes or no."""
    shown = "".join(f"{terminal(line)}\n" for line in record_text(record).splitlines())
    print(f"\n将写入 {rel}：\n{'─' * 40}\n{shown}{'─' * 40}")
    answer = Asker({}, interactive=True).ask("_", "确认写入？（y 写入 / n 取消）", _yes_no, "y")
    if answer.lower() not in ("y", "是"):
        raise NmrError(CANCELLED_NOTHING_WAS_WRITTEN())


def run(registry: Registry, args: argparse.Namespace, today: dt.date) -> Path:
    given = {key: getattr(args, key) for key in ANSWER_KEYS if getattr(args, key, None) is not None}
    for item in getattr(args, "field", None) or []:
        key, _, value = item.partition("=")
        given[f"extra.{key.strip()}"] = value
    asker = Asker(given, interactive=sys.stdin.isatty())
    rel, record = interview(registry, asker, today)
    if asker.interactive:
        _confirm(rel, record)
    target = registry.root / rel
    try:
        write_new(registry.root, rel, record)
    except FileExistsError:
        raise NmrError(EXISTS_NOTHING_WAS_OVERWRITTEN(rel=rel)) from None
    return target
