"""A synthetic registry of N accounts in U units, valid under the bundled policy."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLATFORMS = ["weibo", "wechat", "qq-group", "app", "video", "douyin", "wechat-channels", "bilibili"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "敏",
    "静",
    "伟",
    "芳",
    "娜",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
]

ACCOUNT = """# yaml-language-server: $schema=../../schemas/account.schema.json
id: {id}
name: 测试账号{n}
platform: {platform}
handle: "bench_{n}"
unit: {unit}
purpose:
  mission: 发布本单位新闻和通知公告，服务师生。
  scope: 单位动态、通知公告
  audience: public
opened_on: {opened}
verification:
  verified: true
  subject: 中国劳动关系学院
  verified_on: {opened}
contact: {{name: {p1}, title: 宣传干事, phone: "138{d8}", email: c{n}@culr.edu.cn, qq: "{qq}"}}
leader: {{name: {p2}, title: 副院长, phone: "139{d8}", email: l{n}@culr.edu.cn}}
admins:
  - {{name: {p3}, title: 管理员, phone: "010-6{d7}", email: a{n}@culr.edu.cn}}
reviewers:
  - {{name: {p4}, title: 审核员}}
reply_commitment_days: 3
commitment: {{signed_by: {head}, signed_on: {filed}}}
filings:
  - filed_on: {filed}
    reason: initial
    signed_by: {head}
    sealed: true
    approved_by: 审批人
    approved_on: {filed}
annual_reviews:
{reviews}status: active
"""


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def build(root: Path, accounts: int = 10_000, units: int = 40, seed: int = 1) -> list[Path]:
    """Write the registry under ``root``; return the account files."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    (root / "policy").mkdir(parents=True)
    shutil.copy(REPO / "policy" / "policy.yaml", root / "policy" / "policy.yaml")
    names = [f"unit-{i:02d}" for i in range(units)]
    heads = {name: person(rng) for name in names}
    unit_lines = ["units:"]
    for name in ("publicity", "general-office", "student-affairs", "youth-league"):
        unit_lines += [
            f"  - id: {name}",
            f"    name: {name}",
            "    kind: department",
            "    heads: [{name: 甲乙, title: 部长}]",
            f'    team: "@culr/{name}"',
            "    approvers: [{name: 审批人, title: 科长, github: approver, gitlab: approver}]",
        ]
    for name in names:
        unit_lines += [
            f"  - id: {name}",
            f"    name: 单位{name}",
            "    kind: academic",
            f"    heads: [{{name: {heads[name]}, title: 院长}}]",
            f'    team: "@culr/{name}"',
        ]
    (root / "policy" / "units.yaml").write_text("\n".join(unit_lines) + "\n", encoding="utf-8")
    files = []
    for n in range(accounts):
        unit = names[n % units]
        year = 2017 + n % 8
        reviews = "".join(
            f"  - {{year: {y}, submitted_on: {y}-12-15, result: pass, reviewed_by: 审批人, reviewed_on: {y}-12-20}}\n"
            for y in range(year, 2026)
        )
        text = ACCOUNT.format(
            id=f"{unit}-acc-{n}",
            n=n,
            platform=PLATFORMS[n % len(PLATFORMS)],
            unit=unit,
            opened=f"{year}-03-01",
            filed=f"{year}-02-20",
            head=heads[unit],
            p1=person(rng),
            p2=person(rng),
            p3=person(rng),
            p4=person(rng),
            d8=f"{rng.randrange(10**8):08d}",
            d7=f"{rng.randrange(10**7):07d}",
            qq=str(rng.randrange(10**7, 10**10)),
            reviews=reviews or "  []\n",
        )
        path = root / "accounts" / unit / f"{unit}-acc-{n}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return files
