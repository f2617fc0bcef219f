"""台账.xlsx opened with openpyxl: sheets, Chinese headers, real dates, filters, frozen panes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from openpyxl import load_workbook

from nmr.schemas.labels import FILING_REASON
from tests.conftest import REPO, run_nmr_process

# Columns of names, labels, numbers and addresses: shown whole, never cut or wrapped.
FITTED = {
    "登记编号",
    "新媒体类型",
    "主办单位",
    "访问范围",
    "开通日期",
    "联系电话",
    "联系人邮箱",
    "主管领导电话",
    "主管领导邮箱",
    "状态",
    "最近年检结果",
    "下次年检截止",
    "注销原因",
    "备案日期",
    "备案原因",
    "审批日期",
    "年度",
    "审核结果",
    "审核日期",
}


def test_ledger_workbook(tmp_path: Path) -> None:
    result = run_nmr_process(
        "render", "ledger", "--root", str(REPO), "--out", str(tmp_path), "--today", "2026-11-24"
    )
    assert result.code == 0, result.stderr
    assert "在用账号 29 个，已注销 2 个" in result.stdout and "请勿公开" in result.stdout
    book = load_workbook(tmp_path / "台账.xlsx")
    assert book.sheetnames == ["在用账号", "已注销账号", "备案记录", "年检记录", "年检统计"]
    active, closed = book["在用账号"], book["已注销账号"]
    assert active["A1"].value == "中国劳动关系学院新媒体账号台账（2026-11-24）·在用账号"
    headers = [cell.value for cell in active[2]]
    assert headers[:2] == ["序号", "登记编号"]
    for title in (
        "新媒体号",
        "新媒体昵称",
        "新媒体ID",
        "新媒体类型",
        "主办单位",
        "宗旨",
        "信息发布范围",
        "访问范围",
        "联系人",
        "联系电话",
        "联系人邮箱",
        "QQ号",
        "主管领导",
        "主管领导电话",
        "主管领导邮箱",
        "后台管理人员",
        "状态",
        "最近年检年度",
        "最近年检结果",
        "下次年检截止",
    ):
        assert title in headers, title
    assert active.max_row == 31 and closed.max_row == 4
    assert [row[0] for row in active.iter_rows(min_row=3, values_only=True)] == list(range(1, 30))
    for sheet in (active, closed, book["备案记录"], book["年检记录"]):
        # Ready to print: landscape A3 fitted to the width, title and header on every page.
        assert sheet.freeze_panes == "C3"
        assert sheet.print_title_rows == "$1:$2"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 8
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (
            sheet.auto_filter.ref
            == f"A2:{sheet.cell(2, sheet.max_column).column_letter}{sheet.max_row}"
        )
        assert sheet["A1"].font.bold and all(cell.font.bold for cell in sheet[2])
        assert sheet.column_dimensions["B"].width >= 20
    column = {title: index for index, title in enumerate(headers)}
    rows = {row[1].value: row for row in active.iter_rows(min_row=3)}
    law = rows["law-wechat"]
    record = yaml.safe_load((REPO / "accounts/law/law-wechat.yaml").read_text(encoding="utf-8"))
    opened = law[column["开通日期"]]
    assert (
        opened.is_date
        and opened.value.date() == record["opened_on"]
        and opened.number_format == "yyyy-mm-dd"
    )
    assert (
        law[column["联系电话"]].value == record["contact"]["phone"]
        and law[column["联系电话"]].data_type == "s"
    )
    assert (
        law[column["新媒体类型"]].value == "微信公众号"
        and law[column["主办单位"]].value == "法学院"
    )
    assert law[column["最近年检年度"]].value == 2025 and law[column["最近年检结果"]].value == "合格"
    # Every enumerated value as the office reads it.
    assert law[column["访问范围"]].value == "面向社会公开"
    assert law[column["状态"]].value == "正常运行"
    assert law[column["下次年检截止"]].value.date() == dt.date(2026, 12, 31)
    admins = law[column["后台管理人员"]].value.split("\n")
    assert admins[0] == "，".join(
        record["admins"][0][key] for key in ("name", "title", "phone", "email")
    )
    assert law[column["后台管理人员"]].alignment.wrap_text
    yixin = next(row for row in closed.iter_rows(min_row=3) if row[1].value == "culr-yixin")
    assert yixin[column["状态"]].value == "已注销"
    assert yixin[column["注销原因"]].value in {
        "年审不合格",
        "学校责令关闭",
        "主办单位申请",
        "并入其他账号",
        "其他",
    }
    assert yixin[column["注销日期"]].value.date() == dt.date(2018, 12, 28)
    assert yixin[column["下次年检截止"]].value is None
    history = book["备案记录"]
    filing_headers = [cell.value for cell in history[2]]
    assert filing_headers[:4] == ["序号", "登记编号", "备案日期", "备案原因"]
    assert filing_headers[-2:] == ["新媒体昵称", "主办单位"]  # a printed page reads on its own
    filings = list(history.iter_rows(min_row=3, values_only=True))
    law_filings = [row for row in filings if row[1] == "law-wechat"]
    assert len(law_filings) == len(record["filings"])
    assert all(isinstance(row[2], dt.datetime) for row in filings)
    assert law_filings[0][3] == FILING_REASON[record["filings"][0]["reason"]] and law_filings[0][
        -2:
    ] == (record["name"], "法学院")
    # Column widths fit what they hold: a CJK character takes two width units.
    for sheet in (active, closed, history, book["年检记录"]):
        for column in sheet.iter_cols(min_row=2):
            letter = column[0].column_letter
            if column[0].value not in FITTED:
                continue  # free text (宗旨, 说明…) wraps
            widest = max(
                (
                    sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
                    for cell in column[1:]  # the values; the header row wraps
                    if isinstance(cell.value, str)
                    for line in cell.value.split("\n")
                ),
                default=0,
            )
            assert sheet.column_dimensions[letter].width >= min(widest, 60), (
                sheet.title,
                column[0].value,
            )
    review_headers = [cell.value for cell in book["年检记录"][2]]
    result = review_headers.index("审核结果")
    assert {row[result] for row in book["年检记录"].iter_rows(min_row=3, values_only=True)} <= {
        "合格",
        "不合格",
        "待审核",
    }


def test_the_ledger_flags_overdue_work_and_counts_the_season(
    registry: Path, tmp_path: Path
) -> None:
    path = registry / "accounts/economics/economics-wechat.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "status: active",
            "  - {year: 2026, submitted_on: 2026-12-12, result: fail, reviewed_by: 熊建国, "
            "reviewed_on: 2026-12-19, note: 三个月未更新}\nstatus: rectifying",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "ledger"
    args = ("render", "ledger", "--root", str(registry), "--out", str(out), "--today", "2027-01-05")
    assert run_nmr_process(*args).code == 0
    book = load_workbook(out / "台账.xlsx")
    active = book["在用账号"]
    header = [cell.value for cell in active[2]]
    rows = {
        row[1]: dict(zip(header, row, strict=True))
        for row in active.iter_rows(min_row=3, values_only=True)
    }
    assert rows["economics-wechat"]["整改期限"].date().isoformat() == "2027-03-19"
    assert rows["economics-wechat"]["最近年检结果"] == "不合格"
    assert rows["law-wechat"]["是否逾期"] == "2026-12-31 年度检查"
    overview = [row for row in book["年检统计"].iter_rows(min_row=2, values_only=True)]
    assert overview[0][0] == "单位（2026 年度）"
    total = overview[-1]
    assert total[0] == "合计" and total[2] == 1 and total[5] == 1 and total[6] == total[1] - 1


def test_the_next_review_is_one_the_account_owes() -> None:
    """An account opened in 2026 is never asked for 2025's review: the ledger's 下次年检截止
    is the first year it was open on the review month's first day (issue: December openings)."""
    from nmr.engine.registry import load_account, load_frame
    from nmr.render.ledger import _next_due

    registry, _ = load_frame(REPO)
    assert registry is not None
    record = load_account(
        REPO, "accounts/law/law-weibo.yaml", registry.limits, registry.account_model
    )
    assert record.account is not None
    base = record.account.account.model_copy(update={"annual_reviews": []})
    policy = registry.policy
    cases = [
        ("2026-06-01", "2026-11-24", dt.date(2026, 12, 31)),  # season 2025: not yet open then
        ("2026-12-05", "2026-12-10", dt.date(2027, 12, 31)),  # opened inside the 2026 season
        ("2026-11-30", "2026-12-10", dt.date(2026, 12, 31)),  # open on 12-01: owes 2026
        ("2024-03-01", "2026-11-24", dt.date(2025, 12, 31)),  # an old account owes the season
    ]
    for opened, today, due in cases:
        account = base.model_copy(update={"opened_on": dt.date.fromisoformat(opened)})
        assert _next_due(account, policy, dt.date.fromisoformat(today)) == due, opened
    proposed = base.model_copy(update={"status": "proposed"})
    assert _next_due(proposed, policy, dt.date(2026, 12, 10)) is None
