"""Fail closed: spreadsheets, dates and command lines an attacker or a careless user feeds
nmr get a Chinese message and exit 1 or 2, never a traceback, a write outside the target,
or an exit code outside 0–3."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from tests.conftest import TODAY, copy_registry, run_nmr, run_nmr_process
from tests.nmr.test_import import HEADER, empty_registry, ledger

LAW = "accounts/law/law-wechat.yaml"
ROW = ["1", "法学院微博", "微博", "culr_law_new", "法学院", "王芳", 13911112222, "a@culr.edu.cn"]


def id_ledger(path: Path, first: object) -> Path:
    """A ledger whose first column is 登记编号, holding ``first``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["登记编号", *HEADER[1:]])
    sheet.append([first, *ROW[1:]])
    book.save(path)
    return path


def run_import(root: Path, sheet: Path, *extra: str) -> tuple[int, str, str]:
    result = run_nmr_process("import", str(sheet), "--root", str(root), *extra)
    assert "Traceback" not in result.stderr, result.stderr
    return result.code, result.stdout, result.stderr


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "cell",
    ["../../../escaped", "../../.github/workflows/pwn", "/tmp/abs", "law/../../x", "UPPER", "a"],
)
def test_an_id_cell_never_writes_outside_the_registry(tmp_path: Path, cell: str) -> None:
    root = empty_registry(tmp_path)
    sheet = id_ledger(tmp_path / "台账.xlsx", cell)
    before = files(tmp_path)
    code, stdout, _ = run_import(root, sheet)
    assert code == 1
    assert "登记编号" in stdout and "不合法（只能用 3—64 位小写字母、数字和连字符）" in stdout
    assert files(tmp_path) == before


def test_an_id_cell_with_a_valid_id_is_used(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    sheet = id_ledger(tmp_path / "台账.xlsx", "law-weibo-new")
    code, stdout, _ = run_import(root, sheet)
    assert "已写入 accounts/law/law-weibo-new.yaml" in stdout, (code, stdout)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "是旧版 .xls 文件"),
        (
            "名称,平台\n法学院,微博\n".encode(),
            "不是 .xlsx 工作簿（可能是 CSV、文本或改了扩展名的文件）",
        ),
        (os.urandom(4096), "不是 .xlsx 工作簿"),
        (b"PK\x03\x04" + os.urandom(2000), "已损坏"),
    ],
    ids=["xls", "csv", "random", "broken-zip"],
)
def test_files_that_are_not_workbooks_are_exit_2(
    tmp_path: Path, content: bytes, message: str
) -> None:
    sheet = tmp_path / "台账.xlsx"
    sheet.write_bytes(content)
    code, _, stderr = run_import(empty_registry(tmp_path), sheet)
    assert code == 2 and message in stderr


def test_a_zip_without_a_workbook_and_a_zip_bomb_are_refused(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    plain = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "不是 Excel 工作簿" in run_import(root, plain)[2]
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (80 << 20))
    assert bomb.stat().st_size < 1 << 20
    code, _, stderr = run_import(root, bomb)
    assert code == 2 and "解压后有" in stderr and "异常地大" in stderr


def test_a_spreadsheet_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    sheet = tmp_path / "big.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + b"\0" * (5 << 20))
    code, _, stderr = run_import(empty_registry(tmp_path), sheet)
    assert code == 2 and "超过 4194304 字节的上限" in stderr


def test_openpyxl_parses_through_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize(
    ("opened", "problem"),
    [
        (10**9, "日期序号 1000000000 超出范围"),
        ("2024年13月5日", "“2024年13月5日”不存在：月份应为 1—12"),
        ("9999年12月31日", "不在 1900—2999 年之间"),
    ],
)
def test_bad_dates_and_huge_numbers_are_row_problems(
    tmp_path: Path, opened: object, problem: str
) -> None:
    root = empty_registry(tmp_path)
    sheet = ledger(tmp_path / "台账.xlsx", [[*ROW, "", "", opened]], preamble=False)
    code, stdout, _ = run_import(root, sheet)
    if problem.startswith("不在"):  # read, then refused by nmr check
        assert code == 0, stdout
        check = run_nmr("check", "--root", str(root), "--today", TODAY, "--format", "json")
        assert any(problem in f["message"] for f in check.json()["findings"])
    else:
        assert code == 1 and "第 2 行" in stdout and problem in stdout, stdout


def test_a_huge_integer_in_a_cell_is_a_row_problem(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    header = [*HEADER, "答复期限"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    sheet.append([*ROW, "", "", "2020-01-01", "1e400"])
    book.save(tmp_path / "t.xlsx")
    code, stdout, _ = run_import(root, tmp_path / "t.xlsx")
    assert code == 1 and "答复期限“1e400”不是天数" in stdout


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(
        st.one_of(
            st.text(max_size=30),
            st.integers(min_value=-(10**30), max_value=10**30),
            st.floats(allow_nan=True),
            st.dates(),
            st.none(),
        ),
        min_size=len(HEADER),
        max_size=len(HEADER),
    )
)
def test_fuzzed_rows_never_crash_or_escape(
    tmp_path_factory: pytest.TempPathFactory, cells: list[object]
) -> None:
    base = tmp_path_factory.mktemp("import")
    root = empty_registry(base)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    try:
        sheet.append(cells)
    except (ValueError, TypeError, IllegalCharacterError):
        return  # openpyxl itself refuses to store the value (e.g. control characters)
    buffer = io.BytesIO()
    book.save(buffer)
    (base / "t.xlsx").write_bytes(buffer.getvalue())
    before = files(base)
    result = run_nmr("import", str(base / "t.xlsx"), "--root", str(root))
    assert result.code in (0, 1, 2), result.stderr
    new = files(base) - before
    assert all(path.startswith("registry/accounts/") for path in new), new


# ---- the command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "--today", "20260105"), "不是 YYYY-MM-DD 格式的日期"),
        (("render", "ledger", "--today", "0001-01-01"), "应在 1900—2999 年之间"),
        (("due", "--today", "9999-12-31"), "应在 1900—2999 年之间"),
        (("render", "forms", "--year", "0"), "年度“0”应为 1900—2999 之间的四位数字"),
        (("render", "forms", "--year", "二〇二六"), "应为 1900—2999 之间的四位数字"),
        (("check", "--bogus"), "unrecognized arguments: --bogus"),
    ],
)
def test_bad_dates_years_and_options_are_exit_2(
    registry: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_nmr_process(*args, "--root", str(registry))
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_year_9999_in_a_record_is_a_finding_not_a_crash(registry: Path) -> None:
    path = registry / LAW
    path.write_text(
        path.read_text("utf-8").replace("opened_on: 2015-09-01", "opened_on: 9999-12-31")
    )
    for args in (("check",), ("due",), ("render", "ledger", "--out", str(registry.parent / "l"))):
        result = run_nmr_process(*args, "--root", str(registry), "--today", TODAY)
        assert result.code in (1, 2) or args[0] != "check", result.stderr
        assert "Traceback" not in result.stderr
    check = run_nmr("check", "--root", str(registry), "--today", TODAY, "--format", "json")
    assert any("不在 1900—2999 年之间" in f["message"] for f in check.json()["findings"])


def test_an_unexpected_crash_is_exit_3_with_a_log(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setitem(__import__("nmr.cli").cli.COMMANDS, "rules", boom)
    result = run_nmr("rules")
    assert result.code == 3
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    log = Path(result.stderr.split("已写入 ")[1].split("，")[0])
    assert "ZeroDivisionError: a bug" in log.read_text(encoding="utf-8")
    log.unlink()


def test_a_broken_units_file_stops_due_render_and_codeowners(registry: Path) -> None:
    units = registry / "policy/units.yaml"
    units.write_text(units.read_text("utf-8").replace("    kind: academic", "    kind: [", 1))
    for args in (("due",), ("due", "--sync-issues"), ("render", "site"), ("codeowners",)):
        result = run_nmr_process(*args, "--root", str(registry))
        assert result.code == 2, (args, result.stdout, result.stderr)
        assert "policy/units.yaml 有错误" in result.stderr and "没有执行" in result.stderr


def test_due_and_ledger_name_the_files_they_skip(registry: Path) -> None:
    (registry / LAW).write_text("id: [broken\n", encoding="utf-8")
    due = run_nmr_process("due", "--root", str(registry), "--today", TODAY)
    assert (
        due.code == 1
        and f"未计入（期限不明）（记录未通过检查，请运行 nmr check）：{LAW}" in due.stderr
    )
    out = registry.parent / "ledger"
    ledger_run = run_nmr_process(
        "render", "ledger", "--root", str(registry), "--out", str(out), "--today", TODAY
    )
    assert ledger_run.code == 1 and "未列入台账" in ledger_run.stderr and LAW in ledger_run.stderr
    book = openpyxl.load_workbook(out / "台账.xlsx")
    assert "law-wechat" not in [c.value for row in book.worksheets[0].iter_rows() for c in row]


def test_every_command_exits_0_to_3(registry: Path, tmp_path: Path) -> None:
    copy = copy_registry(tmp_path / "broken")
    (copy / LAW).write_bytes(os.urandom(300))
    for root in (registry, copy):
        for args in (
            ("check",),
            ("check", "--format", "sarif"),
            ("due", "--format", "json"),
            ("rules",),
            ("codeowners", "--check"),
            ("render", "site", "--out", str(root.parent / f"site-{root.name}")),
        ):
            result = run_nmr_process(*args, "--root", str(root), "--today", TODAY)
            assert result.code in (0, 1, 2, 3) and "Traceback" not in result.stderr, args
