"""``nmr import`` on spreadsheets built here with openpyxl, and the ledger round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from openpyxl import Workbook

from nmr.engine.registry import load_registry
from nmr.schemas.models import Account
from tests.conftest import REPO, copy_registry, run_nmr_process

HEADER = [
    "序号",
    "新媒体名称",
    "平台",
    "账号",
    "主办单位",
    "联系人",
    "联系电话",
    "邮箱",
    "主管领导",
    "管理员",
    "开通时间",
]


def ledger(
    path: Path,
    rows: list[list[object]],
    *,
    title: str = "2025年台账",
    merge: str | None = None,
    preamble: bool = True,
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    if preamble:
        sheet.append(["中国劳动关系学院新媒体账号台账（2025 年）"])  # a title row above the header
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for _ in range(5):
        sheet.append([None] * len(HEADER))  # trailing blank rows
    sheet.cell(row=sheet.max_row, column=3).value = "  "  # a blank-looking cell
    if merge:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def empty_registry(tmp_path: Path) -> Path:
    return copy_registry(tmp_path / "registry", accounts=False)


def imported(root: Path, rel: str) -> dict[str, object]:
    return yaml.safe_load((root / rel).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_awkward_cells(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    path = ledger(
        tmp_path / "台账.xlsx",
        [
            [
                1,
                "法学院官微",
                "微信公众号",
                "culr_law",
                "法学院",
                "王小明",
                13800138000,
                "wxm@culr.edu.cn",
                "李大伟",
                "张丽、周强",
                42614,
            ],  # phone as a number; date as a serial number
            [
                2,
                "劳院法学院",
                "新浪微博",
                "culr_law_wb",
                None,
                "王小明",
                "010-64921234",
                "wxm@culr.edu.cn",
                "李大伟",
                "张丽",
                "2016年5月18日",
            ],  # unit from the merged cell above; text date
            [
                3,
                "法学院抖音",
                "抖音",
                "culr_law_dy",
                None,
                "王小明",
                13800138000.0,
                "wxm@culr.edu.cn",
                "李大伟",
                "张丽",
                dt.datetime(2021, 3, 1),
            ],  # float phone; a real date cell
        ],
        merge="E3:E5",
    )
    result = run_nmr_process("import", str(path), "--root", str(root))
    assert result.code == 0, result.stdout + result.stderr
    first = imported(root, "accounts/law/law-wechat.yaml")
    assert first["platform"] == "wechat" and first["unit"] == "law"
    assert first["contact"] == {
        "name": "王小明",
        "phone": "13800138000",
        "email": "wxm@culr.edu.cn",
    }
    assert first["opened_on"] == dt.date(2016, 9, 1)  # Excel serial 42614
    assert first["admins"] == [{"name": "张丽"}, {"name": "周强"}]
    second = imported(root, "accounts/law/law-weibo.yaml")
    assert (second["platform"], second["unit"], second["opened_on"]) == (
        "weibo",
        "law",
        dt.date(2016, 5, 18),
    )
    third = imported(root, "accounts/law/law-douyin.yaml")
    assert third["contact"]["phone"] == "13800138000" and third["opened_on"] == dt.date(2021, 3, 1)  # type: ignore[index]
    raw = (root / "accounts/law/law-wechat.yaml").read_text(encoding="utf-8")
    assert 'phone: "13800138000"' in raw  # quoted: it stays text for every YAML reader
    assert "已写入 3 个文件，跳过 0 行" in result.stdout
    check = run_nmr_process("check", "--root", str(root), "--today", "2026-11-24")
    assert (
        check.code == 1 and "缺少必填字段" in check.stdout
    )  # the ledger lacked 附件1 fields: nmr check says which


def test_unmappable_rows_are_reported_and_skipped(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    path = ledger(
        tmp_path / "台账.xlsx",
        [
            [
                1,
                "法学院官微",
                "微信公众号",
                "culr_law",
                "法学院",
                "王小明",
                "13800138000",
                "a@culr.edu.cn",
                "李大伟",
                "张丽",
                "2016-05-01",
            ],
            [
                2,
                "推特号",
                "推特",
                "culr_x",
                "法学院",
                "王小明",
                "13800138000",
                "a@culr.edu.cn",
                "李大伟",
                "张丽",
                "2016-05-01",
            ],
            [
                3,
                "某研究所",
                "微博",
                "culr_y",
                "某研究所",
                "王小明",
                "13800138000",
                "a@culr.edu.cn",
                "李大伟",
                "张丽",
                "2016-05-01",
            ],
            [
                4,
                "日期不对",
                "微博",
                "culr_z",
                "法学院",
                "王小明",
                "13800138000",
                "a@culr.edu.cn",
                "李大伟",
                "张丽",
                "去年春天",
            ],
        ],
    )
    result = run_nmr_process("import", str(path), "--root", str(root))
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert "工作表“2025年台账”第 4 行：无法识别的平台“推特”" in "\n".join(lines)
    assert any(
        line.startswith("工作表“2025年台账”第 5 行：主办单位“某研究所”不在 policy/units.yaml 中")
        for line in lines
    )
    assert any(
        line.startswith("工作表“2025年台账”第 6 行：“去年春天”不是日期：请写成 2024-03-05")
        for line in lines
    )
    assert lines[-1].startswith("已写入 1 个文件，跳过 3 行")
    assert sorted(p.name for p in (root / "accounts").rglob("*.yaml")) == ["law-wechat.yaml"]


def test_dry_run_and_never_overwrite(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    path = ledger(
        tmp_path / "台账.xlsx",
        [
            [
                1,
                "法学院官微",
                "微信",
                "culr_law",
                "中国劳动关系学院法学院",
                "王小明",
                "13800138000",
                "a@culr.edu.cn",
                "李大伟",
                "张丽",
                "2016-05-01",
            ],
        ],
    )
    dry = run_nmr_process("import", str(path), "--root", str(root), "--dry-run")
    assert (
        dry.code == 0
        and "将写入 accounts/law/law-wechat.yaml" in dry.stdout
        and "试运行" in dry.stdout
    )
    assert not list((root / "accounts").rglob("*.yaml"))
    target = root / "accounts/law/law-wechat.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("# 已有的记录\n", encoding="utf-8")
    again = run_nmr_process("import", str(path), "--root", str(root))
    assert again.code == 0 and "已写入 accounts/law/law-wechat-2.yaml" in again.stdout  # a free id
    assert target.read_text(encoding="utf-8") == "# 已有的记录\n"  # untouched
    twice = run_nmr_process("import", str(path), "--root", str(root))
    assert twice.code == 1
    assert "第 3 行：微信账号 culr_law 已登记（accounts/law/law-wechat-2.yaml）" in twice.stdout
    assert len(list((root / "accounts").rglob("*.yaml"))) == 2


def test_columns_mapping_file(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["公号名字", "渠道", "号码", "归口部门"])
    sheet.append(["法学院官微", "微信公众号", "culr_law", "法学院"])
    book.save(tmp_path / "custom.xlsx")
    mapping = tmp_path / "columns.yaml"
    mapping.write_text(
        "公号名字: name\n渠道: platform\n号码: handle\n归口部门: unit\n", encoding="utf-8"
    )
    unmapped = run_nmr_process("import", str(tmp_path / "custom.xlsx"), "--root", str(root))
    assert "已写入 0 个文件" in unmapped.stdout
    result = run_nmr_process(
        "import", str(tmp_path / "custom.xlsx"), "--root", str(root), "--columns", str(mapping)
    )
    assert result.code == 0, result.stdout
    assert imported(root, "accounts/law/law-wechat.yaml")["handle"] == "culr_law"


def test_round_trip_through_the_ledger(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert (
        run_nmr_process(
            "render", "ledger", "--root", str(REPO), "--out", str(out), "--today", "2026-11-24"
        ).code
        == 0
    )
    root = empty_registry(tmp_path)
    result = run_nmr_process("import", str(out / "台账.xlsx"), "--root", str(root))
    assert result.code == 0, result.stdout
    check = run_nmr_process(
        "check", "--root", str(root), "--today", "2026-11-24", "--format", "json"
    )
    assert check.code == 0, check.stdout
    original, _ = load_registry(REPO)
    copy, _ = load_registry(root)
    assert original is not None and copy is not None
    before = {r.account.id: (r.path, r.account) for r in original.accounts}
    after = {r.account.id: (r.path, r.account) for r in copy.accounts}
    assert set(before) == set(after) and len(before) == 31
    for account_id, (path, account) in before.items():
        assert after[account_id][0] == path
        mine: Account = after[account_id][1]
        for key, value in account.model_dump().items():
            assert mine.model_dump()[key] == value, (account_id, key)


def _row(name: str, platform: str, handle: str, unit: str, opened: object) -> list[object]:
    return [
        None,
        name,
        platform,
        handle,
        unit,
        "王小明",
        "138 0013 8000",
        "a@culr.edu.cn",
        "李大伟",
        "张丽",
        opened,
    ]


def test_units_by_alias_dates_as_offices_write_them_and_short_ids(tmp_path: Path) -> None:
    """经管学院 and 校团委 are the aliases units.yaml declares; 2024/3/5 and 2017年12月1日 are
    dates; a month without a day is a question, never day 1; phones lose their spaces."""
    root = empty_registry(tmp_path)
    path = ledger(
        tmp_path / "台账.xlsx",
        [
            _row("经管官微", "公众号", "culr_jg", "经管学院", "2024/3/5"),
            _row("团委微博", "微博", "culr_tw", "校团委", "2017年12月1日"),
            _row("经管微博", "新浪微博", "culr_jg_wb", "经管学院", "2017.12"),
            _row("经管第二公众号", "微信", "culr_jg2", "经济管理学院", "2017-13-01"),
            _row("经管第三公众号", "微信", "culr_jg3", "中国劳动关系学院经济管理学院", "2020.1.2"),
        ],
    )
    result = run_nmr_process("import", str(path), "--root", str(root))
    out = result.stdout
    assert result.code == 1, out + result.stderr
    first = imported(root, "accounts/economics/economics-wechat.yaml")
    assert first["opened_on"] == dt.date(2024, 3, 5) and first["name"] == "经管官微"
    assert first["contact"]["phone"] == "13800138000"  # type: ignore[index]
    assert imported(root, "accounts/youth-league/youth-league-weibo.yaml")["opened_on"] == dt.date(
        2017, 12, 1
    )
    assert imported(root, "accounts/economics/economics-wechat-2.yaml")["opened_on"] == dt.date(
        2020, 1, 2
    )
    assert (
        "工作表“2025年台账”第 5 行：“2017.12”只写到月，是 2017 年 12 月的哪一天？"
        "请写出具体日期，例如 2017-12-01，已跳过。" in out
    )
    assert "第 6 行：“2017-13-01”不存在：月份应为 1—12" in out
    assert "month must be" not in out
    assert not (root / "accounts/economics/economics-weibo.yaml").exists()


def test_columns_no_field_reads_are_listed_not_dropped(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*HEADER, "负责人", "备注"])
    sheet.append(
        [*_row("法学院官微", "微信", "culr_law", "法学院", "2020-01-02"), "蔡子涵", "重要"]
    )
    book.save(tmp_path / "t.xlsx")
    result = run_nmr_process("import", str(tmp_path / "t.xlsx"), "--root", str(root))
    assert result.code == 0, result.stdout + result.stderr
    assert (
        "工作表“Sheet”的列 负责人、备注 没有导入：它们不是记录中的字段。若其中有对应字段的，"
        "用 --columns 指定" in result.stdout
    )
    assert "序号" not in result.stdout  # a serial column is no field and no loss


def test_dry_run_says_exactly_what_the_real_run_does(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    path = ledger(
        tmp_path / "台账.xlsx",
        [
            _row("法学院官微", "微信", "culr_law", "法学院", "2020-01-02"),
            _row("法学院官微二", "微信", "culr_law", "法学院", "2020-01-02"),  # same handle
            _row("法学院公众号", "公众号", "culr_law_2", "法学院", "2020.1"),
            _row("法学院新号", "微信", "culr_law_3", "法学院", "2020-01-02"),
        ],
    )
    dry = run_nmr_process("import", str(path), "--root", str(root), "--dry-run")
    real = run_nmr_process("import", str(path), "--root", str(root))
    assert dry.code == real.code == 1
    assert dry.stdout.replace("将写入", "已写入").splitlines()[:-1] == real.stdout.splitlines()[:-1]
    assert sorted(p.name for p in (root / "accounts").rglob("*.yaml")) == [
        "law-wechat-2.yaml",
        "law-wechat.yaml",
    ]
