"""``nmr new`` through a real terminal (pexpect), and by flags for scripts."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pexpect
import yaml

from tests.conftest import REPO, check_json, copy_registry, run_nmr_process


def _spawn(root: Path) -> pexpect.spawn:  # type: ignore[type-arg]
    child = pexpect.spawn(
        sys.executable,
        ["-m", "nmr", "new", "--root", str(root), "--today", "2026-11-24"],
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
    child.logfile_read = None
    return child


def answer(child: pexpect.spawn, prompt: str, text: str) -> None:  # type: ignore[type-arg]
    child.expect_exact(prompt)
    child.sendline(text)


def test_new_in_a_terminal_with_a_wrong_phone_corrected(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    child = _spawn(root)
    child.expect_exact("主办单位（第四条：只能是单位，不能是个人）：")
    child.expect(r"(\d+)\. 法学院（law）")
    law = child.match.group(1)
    answer(child, "请输入序号或编号：", law)
    answer(child, "请输入序号或编号：", "douyin")
    answer(child, "新媒体昵称：", "法学院抖音")
    answer(child, "新媒体号（微信号、微博账号、抖音号等）：", "culr_law_dy")
    answer(child, "新媒体ID（原始ID、UID；没有请直接回车）：", "")
    answer(child, "公开链接（没有请直接回车）：", "www.douyin.com/x")
    child.expect_exact("链接应以 http:// 或 https:// 开头。请重新输入。")
    answer(child, "公开链接（没有请直接回车）：", "")
    answer(child, "宗旨：", "宣传学院工作，服务师生")
    answer(child, "信息发布范围：", "学院动态、学生活动")
    answer(child, "请输入序号或编号：", "1")
    answer(child, "开通日期（计划开通请填计划日期）［2026-11-24］：", "2026/12/01")
    child.expect_exact("请按 YYYY-MM-DD 填写")
    answer(child, "开通日期（计划开通请填计划日期）［2026-11-24］：", "2026-12-01")
    answer(child, "是否已完成平台实名认证（y/n）［n］：", "")
    answer(child, "联系人姓名：", "王小明")
    answer(child, "联系人职务：", "宣传干事")
    answer(child, "联系人联系电话：", "1380013800")  # one digit short
    child.expect_exact("✗ 不是有效的电话号码")
    answer(child, "联系人联系电话：", "１３８００１３８０００")  # full-width digits
    child.expect_exact("含有全角字符，请切换到英文输入法，改为 13800138000")
    answer(child, "联系人联系电话：", "13800138000")
    answer(child, "联系人邮箱：", "wxm@culr")
    child.expect_exact("不是有效的邮箱地址")
    answer(child, "联系人邮箱：", "wxm@culr.edu.cn")
    answer(child, "联系人QQ号（没有请直接回车）：", "")
    for prompt, text in (
        ("主管领导姓名：", "李大伟"),
        ("主管领导职务：", "副院长"),
        ("主管领导联系电话：", "13900139000"),
        ("主管领导邮箱：", "ldw@culr.edu.cn"),
    ):
        answer(child, prompt, text)
    for prompt, text in (
        ("后台管理人员1 姓名（至少一人）：", "张丽"),
        ("后台管理人员1 职务：", "新媒体管理员"),
        ("后台管理人员1 联系电话：", "010-64921234"),
        ("后台管理人员1 邮箱：", "zl@culr.edu.cn"),
        ("后台管理人员2 姓名（输完请直接回车）：", ""),
        ("内容审核专人1 姓名（至少一人）：", "赵静"),
        ("内容审核专人1 职务：", "审核员"),
        ("内容审核专人2 姓名（输完请直接回车）：", ""),
    ):
        answer(child, prompt, text)
    answer(child, "答复期限承诺（1–5 天，第十一条）［3］：", "9")
    child.expect_exact("请填 1 到 5 之间的整数")
    answer(child, "答复期限承诺（1–5 天，第十一条）［3］：", "2")
    child.expect(r"(\d+)\. 院长（蔡子涵）")
    answer(child, "请输入序号或编号：", "蔡子涵")
    answer(child, "登记表报送日期［2026-11-24］：", "")
    answer(child, "登记表是否已加盖公章（y/n）［y］：", "")
    answer(child, "［fa-xue-yuan-dou-yin］：", "")
    child.expect_exact("已写入 accounts/law/fa-xue-yuan-dou-yin.yaml。")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    path = root / "accounts/law/fa-xue-yuan-dou-yin.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/account.schema.json\n# 登记编号"
    )
    record = yaml.safe_load(text)
    assert record["contact"]["phone"] == "13800138000" and record["reply_commitment_days"] == 2
    assert record["filings"] == [
        {
            "filed_on": dt.date(2026, 11, 24),
            "reason": "initial",
            "signed_by": "蔡子涵",
            "sealed": True,
        }
    ]
    check = run_nmr_process(
        "check", "--root", str(root), "--format", "json", "--today", "2026-11-24", str(path)
    )
    findings = [(f["rule"], f["severity"]) for f in json.loads(check.stdout)["findings"]]
    assert findings == []  # a proposal (申请中) awaiting approval checks clean
    assert record["status"] == "proposed"


FLAGS = [
    "--unit",
    "law",
    "--platform",
    "weibo",
    "--name",
    "法学院",
    "--handle",
    "culr_law_new",
    "--mission",
    "宣传",
    "--scope",
    "动态",
    "--audience",
    "public",
    "--opened-on",
    "2026-12-01",
    "--contact",
    "王小明,宣传干事,13800138000,wxm@culr.edu.cn",
    "--leader",
    "李大伟,副院长,13900139000,ldw@culr.edu.cn",
    "--admin",
    "张丽,管理员,010-64921234,zl@culr.edu.cn",
    "--reviewer",
    "赵静,审核员",
    "--signed-by",
    "蔡子涵",
]


def test_new_by_flags_proposes_a_unique_id_and_never_overwrites(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    first = run_nmr_process("new", "--root", str(root), "--today", "2026-11-24", *FLAGS)
    assert first.code == 0, first.stderr
    assert (root / "accounts/law/fa-xue-yuan.yaml").is_file()
    other = [*FLAGS]
    other[other.index("--handle") + 1] = "culr_law_other"
    second = run_nmr_process("new", "--root", str(root), "--today", "2026-11-24", *other)
    assert second.code == 0 and (root / "accounts/law/fa-xue-yuan-2.yaml").is_file()
    before = (root / "accounts/law/fa-xue-yuan.yaml").read_bytes()
    third = [*FLAGS]
    third[third.index("--handle") + 1] = "culr_law_third"
    clash = run_nmr_process(
        "new", "--root", str(root), "--today", "2026-11-24", *third, "--id", "fa-xue-yuan"
    )
    assert clash.code == 2 and "已被使用" in clash.stderr
    assert (root / "accounts/law/fa-xue-yuan.yaml").read_bytes() == before


def test_new_by_flags_rejects_bad_answers(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    bad = [*FLAGS]
    bad[bad.index("--contact") + 1] = "王小明,宣传干事,12345,wxm@culr.edu.cn"
    result = run_nmr_process("new", "--root", str(root), *bad)
    assert (
        result.code == 2
        and "不是有效的电话号码" in result.stderr
        and "Traceback" not in result.stderr
    )
    missing = run_nmr_process("new", "--root", str(root), "--unit", "law")
    assert missing.code == 2 and "缺少 --platform" in missing.stderr
    assert not list((root / "accounts/law").glob("fa-*.yaml"))


def test_new_refuses_a_registered_or_look_alike_handle_before_writing(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    for handle, message in (
        ("culr1949", "微博账号 culr1949 已登记（accounts/publicity/culr-weibo.yaml）"),
        ("\u0441ulr1949", "与已登记的账号形近（accounts/publicity/culr-weibo.yaml），可能是仿冒"),
        ("ｃｕｌｒ_new", "新媒体号中有全角字符"),
        ("culr\u200b_new", "新媒体号中有不可见字符 U+200B ZERO WIDTH SPACE"),
    ):
        flags = [*FLAGS]
        flags[flags.index("--handle") + 1] = handle
        result = run_nmr_process("new", "--root", str(root), "--today", "2026-11-24", *flags)
        assert result.code == 2 and message in result.stderr, (handle, result.stderr)
    assert not list((root / "accounts/law").glob("fa-*.yaml"))


def test_new_asks_the_extra_fields_and_the_signer_of_the_unit_kind(tmp_path: Path) -> None:
    """An example institution: 维护方式 is required; a sub-unit's heads sign its filings."""
    root = Path(shutil.copytree(REPO / "examples" / "sbs", tmp_path / "sbs"))
    flags = [*FLAGS]
    for flag, value in (
        ("--unit", "business-school-ecommerce"),
        ("--handle", "sbs_ec_wx"),
        ("--signed-by", "朱晨曦"),
        ("--opened-on", "2026-11-20"),
    ):
        flags[flags.index(flag) + 1] = value
    base = ("new", "--root", str(root), "--today", "2026-11-24", *flags)
    missing = run_nmr_process(*base)
    assert missing.code == 2 and "缺少 --field maintenance=" in missing.stderr
    wrong = run_nmr_process(*base, "--field", "maintenance=外包")
    assert wrong.code == 2 and "Traceback" not in wrong.stderr
    assert not list((root / "accounts/business-school-ecommerce").glob("fa-*.yaml"))
    made = run_nmr_process(
        *base, "--field", "maintenance=委托第三方维护", "--field", "contract_ref=合同1号"
    )
    assert made.code == 0, made.stderr
    record = yaml.safe_load(
        (root / "accounts/business-school-ecommerce/fa-xue-yuan.yaml").read_text("utf-8")
    )
    assert (record["maintenance"], record["contract_ref"]) == ("委托第三方维护", "合同1号")
    report = check_json(root, "--today", "2026-11-24")
    assert report["summary"]["errors"] == 0, report["findings"]
