"""The flags of ``nmr new`` (kept apart: building the parser must not load pypinyin & co.)."""

from __future__ import annotations

import argparse

ANSWER_KEYS = (
    "unit",
    "platform",
    "name",
    "handle",
    "platform_id",
    "url",
    "mission",
    "scope",
    "audience",
    "opened_on",
    "verified",
    "verified_subject",
    "verified_on",
    "contact",
    "leader",
    "admin",
    "reviewer",
    "reply_days",
    "signed_by",
    "commitment_by",
    "filed_on",
    "sealed",
    "id",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    for flag, text in (
        ("unit", "主办单位编号"),
        ("platform", "平台键"),
        ("name", "新媒体昵称"),
        ("handle", "新媒体号"),
        ("platform-id", "新媒体ID"),
        ("url", "链接"),
        ("mission", "宗旨"),
        ("scope", "信息发布范围"),
        ("audience", "public/campus/internal"),
        ("opened-on", "开通日期"),
        ("verified", "y/n"),
        ("verified-subject", "认证主体"),
        ("verified-on", "认证日期"),
        ("contact", "联系人：姓名,职务,电话,邮箱[,QQ]"),
        ("leader", "主管领导：姓名,职务,电话,邮箱"),
        ("reply-days", "答复期限（天）"),
        ("commitment-by", "承诺书签字负责人（默认同登记表签字人）"),
        ("signed-by", "签字负责人"),
        ("filed-on", "报送日期"),
        ("sealed", "y/n"),
        ("id", "登记编号"),
    ):
        parser.add_argument(f"--{flag}", help=text)
    parser.add_argument(
        "--admin", action="append", help="后台管理人员：姓名,职务,电话,邮箱（可重复）"
    )
    parser.add_argument("--reviewer", action="append", help="内容审核专人：姓名,职务（可重复）")
    parser.add_argument(
        "--field",
        action="append",
        metavar="KEY=VALUE",
        help="policy.yaml extra_fields 中本单位自定义字段的值，例如 --field maintenance=本单位维护（可重复）",
    )
