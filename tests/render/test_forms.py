"""Filing forms read back: PDF text and fonts, DOCX cells, LibreOffice as a real Word consumer."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
import yaml
from docx import Document

from tests.conftest import REPO, git, run_nmr_process

LAW = "accounts/law/law-wechat.yaml"
RECORD = yaml.safe_load((REPO / LAW).read_text(encoding="utf-8"))
LABELS = [
    "新媒体号",
    "新媒体昵称",
    "新媒体ID",
    "新媒体类型",
    "主办单位",
    "功能定位",
    "联系人",
    "姓名",
    "职务",
    "联系电话",
    "邮箱",
    "QQ号",
    "主管领导",
    "后台管理人员",
    "主办单位意见",
    "签字",
    "公章",
    "年",
    "月",
    "日",
]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The forms' own folder: never the folder that holds the registry (nmr refuses that)."""
    return tmp_path / "forms"


def render(registry: Path, out: Path, *args: str, cwd: Path | None = None) -> str:
    """``nmr render forms`` with ``args`` (ids, --base …), as of 2026-12-10."""
    result = run_nmr_process(
        "render",
        "forms",
        *args,
        "--root",
        str(registry),
        "--out",
        str(out),
        "--today",
        "2026-12-10",
        cwd=cwd,
    )
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_registration_pdf_has_every_label_and_value(
    registry: Path, out: Path, tmp_path: Path
) -> None:
    render(registry, out, "law-wechat")
    pdf = out / "law" / "law-wechat-登记表.pdf"
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    text = flat(pdf_text(pdf))
    assert "中国劳动关系学院新媒体建设备案登记表" in text and "附件1" in text
    assert "注：登记表需要盖章后交至党委组宣部备案" in text and "党委组宣部制" in text
    for label in LABELS:
        assert label in text, label
    people = [RECORD["contact"], RECORD["leader"], *RECORD["admins"]]
    values = [
        RECORD["handle"],
        RECORD["name"],
        RECORD["platform_id"],
        "微信公众号",
        "法学院",
        RECORD["purpose"]["mission"].rstrip("。"),
        RECORD["purpose"]["scope"],
        "面向社会公开",
        RECORD["contact"]["qq"],
    ]
    values += [person[key] for person in people for key in ("name", "title", "phone", "email")]
    for value in values:
        assert flat(value) in text, value
    assert "None" not in text


def test_pdf_embeds_a_cjk_serif_font(registry: Path, out: Path, tmp_path: Path) -> None:
    render(registry, out, "law-wechat")
    for name in (
        "law-wechat-登记表.pdf",
        "law-wechat-承诺书.pdf",
        "law-wechat-2026-年度检查报告.pdf",
    ):
        fonts = subprocess.run(
            ["pdffonts", str(out / "law" / name)], capture_output=True, text=True, check=True
        ).stdout
        rows = [line for line in fonts.splitlines()[2:] if line.strip()]
        assert rows, fonts
        assert all(line.split()[-5] == "yes" for line in rows), fonts  # emb column
        assert any("Serif-CJK" in line for line in rows), fonts


def test_registration_docx_cells(registry: Path, out: Path, tmp_path: Path) -> None:
    render(registry, out, "law-wechat")
    document = Document(str(out / "law" / "law-wechat-登记表.docx"))
    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][:2] == ["新媒体号", RECORD["handle"]]
    assert cells[1][:2] == ["新媒体昵称", RECORD["name"]]
    assert cells[2][:2] == ["新媒体ID", RECORD["platform_id"]]
    assert cells[3][:2] == ["新媒体类型", "微信公众号"]
    assert cells[4][:2] == ["主办单位", "法学院"]
    assert cells[5][0] == "功能定位" and RECORD["purpose"]["scope"] in cells[5][1]
    contact = RECORD["contact"]
    assert cells[6] == ["联系人", "姓名", contact["name"], "职务", contact["title"]]
    assert cells[7] == ["联系人", "联系电话", contact["phone"], "邮箱", contact["email"]]
    assert cells[8][:3] == ["联系人", "QQ号", contact["qq"]]
    leader = RECORD["leader"]
    assert cells[9] == ["主管领导", "姓名", leader["name"], "职务", leader["title"]]
    for number, admin in enumerate(RECORD["admins"], start=1):
        row = 11 + 2 * (number - 1)
        assert cells[row] == [
            f"后台管理人员{number}",
            "姓名",
            admin["name"],
            "职务",
            admin["title"],
        ]
        assert cells[row + 1][1:] == ["联系电话", admin["phone"], "邮箱", admin["email"]]
    assert cells[-1][0] == "主办单位意见" and "签字：" in cells[-1][1] and "公章：" in cells[-1][1]
    assert document.paragraphs[1].text == "中国劳动关系学院新媒体建设备案登记表"
    style = document.styles["Normal"].element.rPr.rFonts
    assert (
        style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "宋体"
    )


def test_commitment_and_annual_report(registry: Path, out: Path, tmp_path: Path) -> None:
    render(registry, out, "law-wechat")
    commitment = flat(pdf_text(out / "law" / "law-wechat-承诺书.pdf"))
    assert "中国劳动关系学院新媒体管理责任承诺书" in commitment and "附件2" in commitment
    assert (
        "我单位（部门）法学院开通了新媒体工作平台微信公众号“中国劳动关系学院法学院”（culr_law）"
        in commitment
    )
    for start in (
        "一、遵守",
        "二、严格执行国家保密法规",
        "三、禁止利用新媒体平台",
        "四、不发布学校内部办公信息",
    ):
        assert start in commitment
    assert "承诺人：" in commitment and "承诺单位（部门）盖章" in commitment
    report = flat(pdf_text(out / "law" / "law-wechat-2026-年度检查报告.pdf"))
    assert "中国劳动关系学院新媒体年度检查报告（2026年度）" in report
    assert "2026年度无备案变更" in report
    for part in ("第十三条", "第九条", "第十一条", "党委组宣部审核意见", "负责人签字"):
        assert part in report
    word = Document(str(out / "law" / "law-wechat-承诺书.docx"))
    assert any("上网不涉密、涉密不上网" in paragraph.text for paragraph in word.paragraphs)


def test_annual_report_lists_the_years_filings(registry: Path, out: Path, tmp_path: Path) -> None:
    render(registry, out, "tw-wechat")
    record = yaml.safe_load(
        (registry / "accounts/youth-league/tw-wechat.yaml").read_text(encoding="utf-8")
    )
    change = record["filings"][-1]
    year = int(str(change["filed_on"])[:4])
    result = run_nmr_process(
        "render",
        "forms",
        "tw-wechat",
        "--root",
        str(registry),
        "--out",
        str(out),
        "--year",
        str(year),
    )
    assert result.code == 0
    text = flat(pdf_text(out / "youth-league" / f"tw-wechat-{year}-年度检查报告.pdf"))
    assert f"{change['filed_on']}人员变更重新备案" in text
    assert f"签字：{change['signed_by']}" in text


def test_ten_administrators(registry: Path, out: Path, tmp_path: Path) -> None:
    path = registry / LAW
    admins = "".join(
        f'  - {{name: 管理员{n:02d}, title: 新媒体管理员, phone: "1391111{n:04d}", email: admin{n}@culr.edu.cn}}\n'
        for n in range(1, 11)
    )
    text = path.read_text(encoding="utf-8")
    start, end = text.index("admins:\n") + len("admins:\n"), text.index("reviewers:")
    path.write_text(text[:start] + admins + text[end:], encoding="utf-8")
    render(registry, out, "law-wechat")
    pdf = out / "law" / "law-wechat-登记表.pdf"
    assert len(pypdf.PdfReader(pdf).pages) == 2
    content = flat(pdf_text(pdf))
    assert all(f"管理员{n:02d}" in content and f"1391111{n:04d}" in content for n in range(1, 11))
    table = Document(str(out / "law" / "law-wechat-登记表.docx")).tables[0]
    assert (
        sum(
            1
            for row in table.rows
            if row.cells[1].text == "姓名" and row.cells[2].text.startswith("管理员")
        )
        == 10
    )


def test_draft_with_missing_fields(registry: Path, out: Path, tmp_path: Path) -> None:
    path = registry / LAW
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith(("leader:", "platform_id:", "handle:"))
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed = render(registry, out, "law-wechat")
    assert "law-wechat（草稿：记录未通过 nmr check）" in printed
    text = flat(pdf_text(out / "law" / "law-wechat-登记表.pdf"))
    assert "草稿" in text and "None" not in text
    cells = [
        [cell.text for cell in row.cells]
        for row in Document(str(out / "law" / "law-wechat-登记表.docx")).tables[0].rows
    ]
    assert cells[0][:2] == ["新媒体号", ""]
    assert cells[9] == ["主管领导", "姓名", "", "职务", ""]
    header = (
        Document(str(out / "law" / "law-wechat-登记表.docx")).sections[0].header.paragraphs[0].text
    )
    assert header.startswith("草稿")


def test_hostile_text_is_printed_as_text(registry: Path, out: Path, tmp_path: Path) -> None:
    path = registry / LAW
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: 中国劳动关系学院法学院", 'name: "<b>粗体</b>&amp;"'
        ),
        encoding="utf-8",
    )
    render(registry, out, "law-wechat")
    assert "<b>粗体</b>&amp;" in flat(pdf_text(out / "law" / "law-wechat-登记表.pdf"))


def test_libreoffice_lays_the_docx_out_as_the_pdf(
    registry: Path, out: Path, tmp_path: Path
) -> None:
    """The DOCX read by a real consumer (LibreOffice): the same page count as the PDF, and no
    phone number or e-mail of the record broken over two lines."""
    render(registry, out, "law-wechat")
    converted = tmp_path / "converted"
    names = (
        "law-wechat-登记表.docx",
        "law-wechat-承诺书.docx",
        "law-wechat-2026-年度检查报告.docx",
    )
    for name in names:
        result = subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(converted),
                str(out / "law" / name),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=240,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        pdf = converted / name.replace(".docx", ".pdf")
        assert pdf.is_file(), result.stdout + result.stderr
        ours = pypdf.PdfReader(out / "law" / name.replace(".docx", ".pdf"))
        assert len(pypdf.PdfReader(pdf).pages) == len(ours.pages), name
    text = flat(pdf_text(converted / "law-wechat-登记表.pdf"))
    assert RECORD["handle"] in text and "新媒体建设备案登记表" in text
    lines = subprocess.run(
        ["pdftotext", "-layout", str(converted / "law-wechat-登记表.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    people = [RECORD["contact"], RECORD["leader"], *RECORD["admins"]]
    for value in [p["phone"] for p in people] + [p["email"] for p in people]:
        assert any(value in line for line in lines), (value, lines)


def page_texts(path: Path) -> list[str]:
    return [flat(page.extract_text() or "") for page in pypdf.PdfReader(path).pages]


def test_forms_leave_room_to_sign_and_keep_headings_with_their_tables(
    registry: Path, out: Path
) -> None:
    render(registry, out, "law-wechat")
    registration = flat(pdf_text(out / "law" / "law-wechat-登记表.pdf"))
    assert "签字：＿＿＿＿＿＿＿＿公章：＿＿＿＿＿＿＿＿" in registration
    cells = [
        c.text
        for t in Document(str(out / "law" / "law-wechat-登记表.docx")).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any("签字：＿＿＿＿＿＿＿＿\n公章：＿＿＿＿＿＿＿＿" in text for text in cells)
    report = out / "law" / "law-wechat-2026-年度检查报告.pdf"
    for page in page_texts(report):
        if "四、审核" in page:
            assert "主办单位意见" in page  # never a heading alone at the foot of a page
    assert "负责人签字：＿＿＿＿＿＿＿＿" in flat(pdf_text(report))
    word = Document(str(out / "law" / "law-wechat-2026-年度检查报告.docx"))
    heading = next(p for p in word.paragraphs if p.text == "四、审核")
    assert heading.paragraph_format.keep_with_next


def test_the_commitment_sets_the_filled_blanks_apart(registry: Path, out: Path) -> None:
    render(registry, out, "law-wechat")
    word = Document(str(out / "law" / "law-wechat-承诺书.docx"))
    intro = next(p.text for p in word.paragraphs if "开通了新媒体工作平台" in p.text)
    assert "我单位（部门） 法学院 开通了新媒体工作平台 微信公众号“" in intro
    assert f"（{RECORD['handle']}） 。" in intro


def test_the_report_says_whether_the_account_is_verified(registry: Path, out: Path) -> None:
    path = registry / LAW
    render(registry, out, "law-wechat")
    facts = flat(pdf_text(out / "law" / "law-wechat-2026-年度检查报告.pdf"))
    verification = RECORD["verification"]
    assert f"已认证（{verification['subject']}，{verification['verified_on']}）" in facts
    text = path.read_text(encoding="utf-8")
    block = re.search(r"verification:\n(  .*\n)+", text)
    assert block is not None
    path.write_text(text.replace(block.group(0), "verification: {verified: false}\n"), "utf-8")
    again = out.parent / "again"
    render(registry, again, "law-wechat")
    assert "实名认证未认证" in flat(pdf_text(again / "law" / "law-wechat-2026-年度检查报告.pdf"))


def test_a_change_filing_shows_old_and_new(registry: Path, out: Path) -> None:
    git(registry, "init", "-q", "-b", "main")
    git(registry, "add", "-A")
    git(registry, "commit", "-q", "-m", "registry")
    path = registry / LAW
    old_phone, old_admin = RECORD["leader"]["phone"], RECORD["admins"][0]["name"]
    text = path.read_text(encoding="utf-8").replace(old_phone, "13912345678")
    text = text.replace(f"{{name: {old_admin},", "{name: 新管理员,", 1)
    text = text.replace(
        "annual_reviews:",
        "  - {filed_on: 2026-12-01, reason: manager-change, signed_by: 蔡子涵, sealed: false}\n"
        "annual_reviews:",
        1,
    )
    path.write_text(text, encoding="utf-8")
    render(registry, out, "--base", "main", cwd=registry)
    form = flat(pdf_text(out / "law" / "law-wechat-登记表-变更.pdf"))
    assert f"主管领导联系电话：{old_phone}→13912345678" in form
    assert f"后台管理人员1姓名：{old_admin}→新管理员" in form
    cells = [
        c.text
        for t in Document(str(out / "law" / "law-wechat-登记表-变更.docx")).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any(f"主管领导联系电话：{old_phone} → 13912345678" in c for c in cells)


def test_missing_cjk_font_is_a_clear_error(registry: Path, out: Path, tmp_path: Path) -> None:
    empty = tmp_path / "fonts.conf"
    empty.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp_path / 'no-fonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    result = run_nmr_process(
        "render",
        "forms",
        "law-wechat",
        "--root",
        str(registry),
        "--out",
        str(tmp_path / "out"),
        env={"FONTCONFIG_FILE": str(empty)},
    )
    assert result.code == 2
    assert "没有中文字体" in result.stderr and "fonts-noto-cjk" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unknown_account_is_exit_2(registry: Path, out: Path, tmp_path: Path) -> None:
    result = run_nmr_process("render", "forms", "nope", "--root", str(registry), "--out", str(out))
    assert result.code == 2 and "没有这些账号：nope" in result.stderr


def test_all_accounts_by_default(registry: Path, out: Path, tmp_path: Path) -> None:
    for path in (registry / "accounts").rglob("*.yaml"):
        if "law" not in path.parts:
            path.unlink()
    printed = render(registry, out)
    assert "已为 2 个账号生成 12 个文件" in printed
    assert len(list(out.rglob("*.pdf"))) == 6 and len(list(out.rglob("*.docx"))) == 6
    assert (out / "law" / "law-weibo-登记表.pdf").stat().st_size > 10_000


def test_each_record_gets_the_documents_it_needs(registry: Path, out: Path) -> None:
    """Closed accounts get the closure form only; a report only for a year the account owed."""
    new = registry / "accounts/law/law-douyin.yaml"
    new.write_text(
        (registry / LAW)
        .read_text(encoding="utf-8")
        .replace("id: law-wechat", "id: law-douyin")
        .replace("platform: wechat", "platform: douyin")
        .replace("opened_on: 2015-09-01", "opened_on: 2026-11-10"),
        encoding="utf-8",
    )
    result = run_nmr_process(
        "render", "forms", "--root", str(registry), "--out", str(out), "--today", "2026-11-24"
    )
    assert result.code == 0, result.stderr
    closed = sorted(p.name for p in (out / "publicity").glob("culr-yixin-*"))
    assert closed == ["culr-yixin-注销备案表.docx", "culr-yixin-注销备案表.pdf"]
    douyin = sorted(p.name for p in (out / "law").glob("law-douyin-*.pdf"))
    assert douyin == [
        "law-douyin-承诺书.pdf",
        "law-douyin-登记表.pdf",
    ]  # opened 2026-11: no 2025 report
    assert (out / "law/law-wechat-2025-年度检查报告.pdf").is_file()
    assert {p.name for p in out.iterdir() if p.is_dir()} >= {"law", "publicity", "student-union"}
    closure = flat(pdf_text(out / "publicity/culr-yixin-注销备案表.pdf"))
    assert "新媒体账号注销（关闭）备案表" in closure and "注销日期" in closure


def test_select_by_kind_and_unit(registry: Path, out: Path) -> None:
    render(registry, out, "--kind", "report", "--unit", "law")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert files == ["law/law-wechat-2026-年度检查报告.pdf", "law/law-weibo-2026-年度检查报告.pdf"]


def test_student_organisation_forms_carry_the_guide_units_box(registry: Path, out: Path) -> None:
    result = run_nmr_process(
        "render",
        "forms",
        "student-union-douyin",
        "--root",
        str(registry),
        "--out",
        str(out),
        "--today",
        "2026-11-24",
    )
    assert result.code == 0, result.stderr
    text = flat(pdf_text(out / "student-union/student-union-douyin-登记表.pdf"))
    assert "指导单位意见" in text and "团委，第七条" in text
    cells = [
        c.text
        for row in Document(str(out / "student-union/student-union-douyin-登记表.docx"))
        .tables[0]
        .rows
        for c in row.cells
    ]
    assert any("指导单位意见" in cell for cell in cells)


def test_a_form_awaiting_its_seal_and_approval_is_not_a_draft(registry: Path, out: Path) -> None:
    path = registry / LAW
    text = path.read_text(encoding="utf-8")
    at = text.index("annual_reviews:")
    path.write_text(
        text[:at]
        + "  - {filed_on: 2026-11-20, reason: manager-change, signed_by: 蔡子涵, sealed: false}\n"
        + text[at:],
        encoding="utf-8",
    )
    printed = render(registry, out, "law-wechat")
    assert "草稿" not in printed
    header = (
        Document(str(out / "law" / "law-wechat-登记表.docx")).sections[0].header.paragraphs[0].text
    )
    assert not header.startswith("草稿")
