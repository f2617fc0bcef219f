"""``nmr new`` through a real terminal (tmux), and by flags for scripts."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import yaml

from tests.conftest import REPO, check_json, copy_registry, run_nmr_process


class Terminal:
    """``nmr new`` in a real terminal: a tmux session, answered prompt by prompt."""

    def __init__(self, root: Path, name: str) -> None:
        self.name, self.seen = name, {}  # type: dict[str, int]
        command = shlex.join(
            [sys.executable, "-m", "nmr", "new", "--root", str(root), "--today", "2026-11-24"]
        )
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "220",
                "-y",
                "60",
                f"{command}; echo 退出码:$?; sleep 60",
            ],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-S", "-5000", "-t", self.name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, times: int = 1) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen.count(text) >= times:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"never saw {text!r}:\n{self.screen()[-3000:]}")

    def answer(self, prompt: str, text: str) -> None:
        """Wait for the next showing of ``prompt``, then type ``text`` and Enter."""
        self.seen[prompt] = self.seen.get(prompt, 0) + 1
        self.wait_for(prompt, self.seen[prompt])
        if text:
            subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)
        subprocess.run(["tmux", "send-keys", "-t", self.name, "Enter"], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False)


def test_new_in_a_terminal_reads_what_import_reads(tmp_path: Path) -> None:
    """A unit secretary's session: 经管学院 for the unit, 公众号, 公开, 2026/12/1, a phone
    with spaces; a month-only date asked back; a registered handle caught before writing;
    the 承诺书 signer asked; the seal last; the record shown as saved, then written."""
    root = copy_registry(tmp_path / "registry")
    term = Terminal(root, f"nmr-new-{uuid.uuid4().hex[:8]}")
    choose = "请输入序号、编号或名称："
    try:
        term.wait_for("主办单位（第四条：只能是单位，不能是个人；可写简称）：")
        term.answer(choose, "经管")
        term.wait_for("✗ 不是可选项：请写序号 1–18、编号或名称。")
        term.answer(choose, "经管学院")
        term.answer(choose, "公众号")
        term.answer("新媒体昵称：", "经管学院研究生")
        term.answer("新媒体号（微信号、微博账号、抖音号等）：", "culr_jg")
        term.wait_for("微信公众号账号 culr_jg 已登记（accounts/economics/economics-wechat.yaml）")
        term.answer("新媒体号（微信号、微博账号、抖音号等）：", "culr_jg_yjs")
        term.answer("新媒体ID（原始ID、UID；没有请直接回车）：", "")
        term.answer("公开链接（没有请直接回车）：", "www.example.cn/x")
        term.wait_for("链接应以 http:// 或 https:// 开头。请重新输入。")
        term.answer("公开链接（没有请直接回车）：", "")
        term.answer("宗旨：", "服务研究生")
        term.answer("信息发布范围：", "学院动态")
        term.answer(choose, "公开")
        opened = "开通日期（计划开通请填计划日期）［2026-11-24］："
        term.answer(opened, "2026.12")
        term.wait_for(
            "“2026.12”只写到月，是 2026 年 12 月的哪一天？请写出具体日期，例如 2026-12-01"
        )
        term.answer(opened, "2026/12/1")
        term.answer("是否已完成平台实名认证（y/n）［n］：", "")
        for prompt, text in (
            ("联系人姓名：", "王小明"),
            ("联系人职务：", "宣传干事"),
            ("联系人联系电话：", "1380013800"),  # one digit short
        ):
            term.answer(prompt, text)
        term.wait_for("✗ 不是有效的电话号码")
        for prompt, text in (
            ("联系人联系电话：", "138 0013 8000"),
            ("联系人邮箱：", "wxm@culr.edu.cn"),
            ("联系人QQ号（没有请直接回车）：", ""),
            ("主管领导姓名：", "李大伟"),
            ("主管领导职务：", "副院长"),
            ("主管领导联系电话：", "13900139000"),
            ("主管领导邮箱：", "ldw@culr.edu.cn"),
            ("后台管理人员1 姓名（至少一人）：", "张丽"),
            ("后台管理人员1 职务：", "新媒体管理员"),
            ("后台管理人员1 联系电话：", "010 6492 1234"),
            ("后台管理人员1 邮箱：", "zl@culr.edu.cn"),
            ("后台管理人员2 姓名（输完请直接回车）：", ""),
            ("内容审核专人1 姓名（至少一人）：", "赵静"),
            ("内容审核专人1 职务：", "审核员"),
            ("内容审核专人2 姓名（输完请直接回车）：", ""),
            ("答复期限承诺（1–5 天，第十一条）［3］：", "2"),
        ):
            term.answer(prompt, text)
        term.wait_for("登记表签字负责人（经济管理学院的党政主要负责人）：")
        term.answer(choose, "范婷婷")
        term.wait_for("承诺书签字负责人（经济管理学院的党政主要负责人）：")
        term.answer("请输入序号、编号或名称［范婷婷］：", "方杰")
        term.answer("登记表报送日期［2026-11-24］：", "")
        term.answer("［economics-wechat-2］：", "")
        term.answer("登记表是否已加盖公章（y/n）［n］：", "")
        screen = term.wait_for("确认写入？（y 写入 / n 取消）［y］：")
        shown = screen.split("将写入 accounts/economics/economics-wechat-2.yaml：", 1)[1]
        assert 'phone: "13800138000"' in shown and "signed_by: 方杰" in shown
        assert not (root / "accounts/economics/economics-wechat-2.yaml").exists()  # not yet
        term.answer("确认写入？（y 写入 / n 取消）［y］：", "y")
        term.wait_for("退出码:0")
    finally:
        term.close()
    path = root / "accounts/economics/economics-wechat-2.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schemas/account.schema.json\n# 登记编号"
    )
    assert text in shown  # what was shown is what was saved
    record = yaml.safe_load(text)
    assert (record["unit"], record["platform"], record["purpose"]["audience"]) == (
        "economics",
        "wechat",
        "public",
    )
    assert record["opened_on"] == dt.date(2026, 12, 1)
    assert record["contact"]["phone"] == "13800138000"
    assert (
        record["admins"][0]["phone"] == "010-64921234"
        or record["admins"][0]["phone"] == "01064921234"
    )
    assert record["commitment"] == {"signed_by": "方杰", "signed_on": dt.date(2026, 11, 24)}
    assert record["filings"] == [
        {
            "filed_on": dt.date(2026, 11, 24),
            "reason": "initial",
            "signed_by": "范婷婷",
            "sealed": False,
        }
    ]
    check = run_nmr_process(
        "check", "--root", str(root), "--format", "json", "--today", "2026-11-24", str(path)
    )
    findings = [(f["rule"], f["severity"]) for f in json.loads(check.stdout)["findings"]]
    # A proposal (申请中) awaiting its seal and approval: one reminder, no error.
    assert findings == [("filing-complete", "warning")]
    assert record["status"] == "proposed"


def test_new_in_a_terminal_cancelled_at_the_confirm_screen_writes_nothing(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    before = sorted(p.relative_to(root) for p in (root / "accounts").rglob("*"))
    term = Terminal(root, f"nmr-new-{uuid.uuid4().hex[:8]}")
    try:
        term.answer("请输入序号、编号或名称：", "法学院")
        term.wait_for("新媒体类型：")
        subprocess.run(["tmux", "send-keys", "-t", term.name, "C-d"], check=True)
        term.wait_for("已取消，没有写入任何文件。")
        term.wait_for("退出码:2")
    finally:
        term.close()
    assert sorted(p.relative_to(root) for p in (root / "accounts").rglob("*")) == before


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
    assert (root / "accounts/law/law-weibo-2.yaml").is_file()
    other = [*FLAGS]
    other[other.index("--handle") + 1] = "culr_law_other"
    second = run_nmr_process("new", "--root", str(root), "--today", "2026-11-24", *other)
    assert second.code == 0 and (root / "accounts/law/law-weibo-3.yaml").is_file()
    before = (root / "accounts/law/law-weibo-2.yaml").read_bytes()
    third = [*FLAGS]
    third[third.index("--handle") + 1] = "culr_law_third"
    clash = run_nmr_process(
        "new", "--root", str(root), "--today", "2026-11-24", *third, "--id", "law-weibo-2"
    )
    assert clash.code == 2 and "已被使用" in clash.stderr
    assert (root / "accounts/law/law-weibo-2.yaml").read_bytes() == before


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
    assert not list((root / "accounts/law").glob("law-weibo-*.yaml"))


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
    assert not list((root / "accounts/law").glob("law-weibo-*.yaml"))


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
    assert not list((root / "accounts/business-school-ecommerce").glob("*-weibo*.yaml"))
    made = run_nmr_process(
        *base, "--field", "maintenance=委托第三方维护", "--field", "contract_ref=合同1号"
    )
    assert made.code == 0, made.stderr
    record = yaml.safe_load(
        (
            root / "accounts/business-school-ecommerce/business-school-ecommerce-weibo.yaml"
        ).read_text("utf-8")
    )
    assert (record["maintenance"], record["contract_ref"]) == ("委托第三方维护", "合同1号")
    report = check_json(root, "--today", "2026-11-24")
    assert report["summary"]["errors"] == 0, report["findings"]
