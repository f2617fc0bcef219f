"""Write an account record as a unit would: schema modeline, a Chinese comment per key.

Values are emitted by PyYAML's safe representer, which quotes every string YAML would
otherwise read as something else (a phone number, ``yes``, a date), so a written record
reads back exactly as it was meant.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from nmr.engine.registry import MODELINE
from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template, cited

OUTSIDE_ACCOUNTS = Template(
    "render.record-yaml.outside-accounts",
    "{rel} 不在 accounts/ 中，没有写入。",
    "{rel} is outside accounts/.",
)
SYMBOLIC_LINK = Template(
    "render.record-yaml.symbolic-link",
    "{folder} 是符号链接，没有写入。",
    "{folder} is a symbolic link.",
)

COMMENTS = {
    "id": "登记编号：与文件名相同，今后不能改",
    "name": "新媒体昵称",
    "platform": "新媒体类型（policy/policy.yaml 的 platforms）",
    "handle": "新媒体号（公开账号名）",
    "platform_id": "新媒体ID（平台内部编号）",
    "url": "公开链接",
    "unit": "主办单位编号（policy/units.yaml）",
    "purpose": "功能定位：宗旨、信息发布范围、访问范围（public/campus/internal）",
    "opened_on": "开通日期",
    "verification": "实名认证（{art_official_media}）",
    "contact": "联系人",
    "leader": "主管领导（{art_filing}、{art_managers}）",
    "admins": "后台管理人员，至少一人",
    "reviewers": "内容审核专人（{art_managers}）",
    "reply_commitment_days": "答复期限承诺，天（{art_reply_commitment}）",
    "commitment": "附件2 管理责任承诺书",
    "filings": "备案记录（{art_filing}）：只在末尾追加；审批后由审批单位填写 approved_by、approved_on",
    "annual_reviews": "年度检查（{art_annual_review}）：每年 12 月追加一条",
    "status": "proposed 申请中（批准后改为 active）/ active 正常 / rectifying 整改中 / closed 已注销",
    "closure": "注销记录（{art_closure}）",
}
ORDER = tuple(COMMENTS)


# Text any YAML reader (1.1 or 1.2) could take for a number, boolean, null or date.
AMBIGUOUS = re.compile(
    r"^([-+0-9.() _:]+|(?i:y|n|yes|no|on|off|true|false|null|~)|\d{4}-\d{1,2}-\d{1,2}.*)$"
)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice is written twice: records never use anchors


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if AMBIGUOUS.match(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(value: Any, *, flow_style: bool | None = None, width: int = 4096) -> str:
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=flow_style,
        width=width,
    )
    return text.removesuffix("...\n").rstrip()


def flow(value: dict[str, Any]) -> str:
    """``value`` as one flow mapping on one line, as a record writes a review: {year: 2026, …}."""
    return _dump(value, flow_style=True, width=10**6)


def record_text(record: dict[str, Any]) -> str:
    lines = [MODELINE]
    for key in sorted(record, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER)):
        value = record[key]
        if value is None:
            continue
        if key in COMMENTS:
            lines.append(f"# {cited(COMMENTS[key])}")
        if isinstance(value, dict | list) and value:
            lines.append(_dump({key: value}))
        else:
            lines.append(f"{key}: {_dump(value)}")
    return "\n".join(lines) + "\n"


def write_new(root: Path, rel: str, record: dict[str, Any]) -> None:
    """Create ``rel`` (accounts/<unit>/<id>.yaml) and nothing else: never through a link,
    never over an existing file (FileExistsError), never outside accounts/."""
    accounts = root / "accounts"
    target = root / rel
    for folder in (accounts, target.parent):
        if folder.is_symlink():
            raise NmrError(SYMBOLIC_LINK(folder=folder))
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.parent.resolve().parent != accounts.resolve():
        raise NmrError(OUTSIDE_ACCOUNTS(rel=rel))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(record_text(record))
