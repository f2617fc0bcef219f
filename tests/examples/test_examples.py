"""The institutions in examples/: each checks clean under its own policy, and breaks where it should.

Every example is a registry of its own (policy/, accounts/, schemas/). The failing cases edit one
line of a copy and assert the rule, the article of that institution's Measures, the line and the
message, so the examples prove that the rules follow policy/ rather than this university's code.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nmr.schemas import generate
from tests.conftest import REPO, TODAY, check_json, run_nmr

EXAMPLES = sorted(path.name for path in (REPO / "examples").iterdir() if path.is_dir())
HOME_NAMES = ("中国劳动关系学院", "组宣部", "劳动关系", "culr")  # this university's, in no example


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO / "examples" / name, tmp_path / name))


def _edit(root: Path, path: str, old: str, new: str) -> str:
    """Replace ``old`` (which occurs once) by ``new`` in ``path``; the new text."""
    target = root / path
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return text


def _line_of(text: str, anchor: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if anchor in line)


def _findings(root: Path, rule: str, today: str = TODAY) -> list[dict[str, Any]]:
    return [f for f in check_json(root, "--today", today)["findings"] if f["rule"] == rule]


def _one(found: list[dict[str, Any]], path: str, article: int, line: int, message: str) -> None:
    assert [(f["path"], f["article"], f["line"]) for f in found] == [(path, article, line)], found
    assert message in found[0]["message"] and found[0]["hint"], found


def test_there_are_three_institutions() -> None:
    assert EXAMPLES == ["college-2023", "neu", "sbs"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_example_checks_clean(name: str) -> None:
    report = check_json(REPO / "examples" / name)
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0, report["findings"]
    assert report["summary"]["accounts"] >= 3


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("schema", sorted(generate.TARGETS))
def test_each_example_ships_the_schemas_of_its_own_policy(name: str, schema: str) -> None:
    root = REPO / "examples" / name
    committed = (root / "schemas" / schema).read_text(encoding="utf-8")
    assert committed == generate.render(schema, root), (
        f"examples/{name}/schemas/{schema} is stale: run "
        f"python -m nmr.schemas.generate examples/{name}/schemas examples/{name}"
    )


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_output_of_an_example_names_this_university(name: str, tmp_path: Path) -> None:
    root = _copy(name, tmp_path)
    for path in (root / "accounts").rglob("*.yaml"):  # signed by no head, filed long after
        text = path.read_text(encoding="utf-8").replace("    signed_by: ", "    signed_by: 张")
        path.write_text(text.replace("  - filed_on: 20", "  - filed_on: 21"), encoding="utf-8")
    outputs = [
        run_nmr("check", "--root", str(root), "--today", TODAY).stdout,
        run_nmr("check", "--root", str(root), "--today", TODAY, "--lang", "en").stdout,
        run_nmr("rules", "--root", str(root)).stdout,
        run_nmr("rules", "--root", str(root), "--format", "markdown").stdout,
    ]
    assert "filing-signed-by-head" in outputs[0] and "filing-complete" in outputs[0]
    for output in outputs:
        assert not [word for word in HOME_NAMES if word in output], output


@dataclass(frozen=True)
class Broken:
    """One edit that breaks an example, and the one finding it must produce."""

    example: str
    path: str
    edits: tuple[tuple[str, str], ...]  # (old, new): each old occurs once in the file
    rule: str
    article: int
    anchor: str  # the finding is on the first line of the edited file that contains this
    message: str


NEU_STUDENTS = "accounts/info-college-students/info-college-students-wechat.yaml"
SBS_BUSINESS = "accounts/business-school/business-school-wechat.yaml"
COLLEGE_WECHAT = "accounts/party-office/college-wechat.yaml"
COLLEGE_DOUYIN = "accounts/mechanical/mechanical-douyin.yaml"
BROKEN = {
    # 东北大学: who signs depends on the unit's kind; new accounts file a month before opening.
    "neu-school-student-org-signed-by-the-league": Broken(
        "neu",
        "accounts/student-union/student-union-weibo.yaml",
        (("    signed_by: 韩晓东", "    signed_by: 李明轩"),),
        "filing-signed-by-head",
        3,
        "signed_by: 李明轩",
        "“李明轩”不是校团委的党政主要负责人",
    ),
    "neu-college-student-office-signed-by-its-college": Broken(
        "neu",
        NEU_STUDENTS,
        (("    signed_by: 赵国庆", "    signed_by: 王佳慧"),),
        "filing-signed-by-head",
        3,
        "signed_by: 王佳慧",
        "“王佳慧”不是信息科学与工程学院的党政主要负责人",
    ),
    "neu-files-thirty-days-before-opening": Broken(
        "neu",
        "accounts/info-college/info-college-wechat.yaml",
        (
            ("  - filed_on: 2019-07-15", "  - filed_on: 2019-08-20"),
            ("approved_on: 2019-07-22", "approved_on: 2019-08-22"),
        ),
        "filing-before-opening",
        3,
        "filed_on: 2019-08-20",
        "须在开通前至少 30 天",
    ),
    "neu-college-student-office-needs-its-college": Broken(
        "neu",
        "policy/units.yaml",
        (("    parent: info-college\n", ""),),
        "unit-kind-known",
        1,
        "id: info-college-students",
        "信息科学与工程学院学生工作办公室是院级学生工作部门，须写明上级单位",
    ),
    # 上海商学院: filed within 7 days after opening; 维护方式 is an extra field; 7-day re-filing.
    "sbs-files-within-seven-days-after-opening": Broken(
        "sbs",
        SBS_BUSINESS,
        (
            ("  - filed_on: 2024-03-07", "  - filed_on: 2024-03-15"),
            ("approved_on: 2024-03-11", "approved_on: 2024-03-18"),
        ),
        "filing-before-opening",
        3,
        "filed_on: 2024-03-15",
        "7 天内",
    ),
    "sbs-refiles-within-seven-days-of-a-change": Broken(
        "sbs",
        SBS_BUSINESS,
        (("changed_on: 2025-06-05", "changed_on: 2025-05-20"),),
        "refiling-window",
        4,
        "filed_on: 2025-06-10",
        "2025-05-20 发生变更，2025-06-10 才重新备案：应在变更后 7 天内",
    ),
    "sbs-custom-rule-outsourced-accounts-name-their-contract": Broken(
        "sbs",
        "accounts/academic-affairs/academic-affairs-weibo.yaml",
        (("contract_ref: 教务〔2024〕合同第12号\n", ""),),
        "outsourced-contract",
        3,
        "maintenance:",
        "没有填写委托维护合同编号",
    ),
    # The 2023 notice: custom rules in CEL, working days, weekly updates, prior consent.
    "college-custom-rule-registrant-is-staff": Broken(
        "college-2023",
        COLLEGE_DOUYIN,
        (("contact: {name: 蒋文博, title: 专业教师", "contact: {name: 蒋文博, title: 学生"),),
        "registrant-is-staff",
        1,
        "contact:",
        "登记人（联系人）须为教师",
    ),
    "college-custom-rule-student-admin-leaves": Broken(
        "college-2023",
        COLLEGE_WECHAT,
        (("student_admins_leave_on: 2027-06-30", "student_admins_leave_on: 2026-06-30"),),
        "student-admin-revoked",
        2,
        "student_admins_leave_on:",
        "权限尚未撤销",
    ),
    "college-custom-rule-consent-comes-first": Broken(
        "college-2023",
        COLLEGE_DOUYIN,
        (("consent_on: 2024-05-10", "consent_on: 2024-06-10"),),
        "personal-consent-first",
        4,
        "consent_on:",
        "须事先同意",
    ),
    "college-personal-host-needs-an-id-copy": Broken(
        "college-2023",
        COLLEGE_DOUYIN,
        (("id_copy: true", "id_copy: false"),),
        "personal-host",
        4,
        "id_copy:",
        "身份证复印件",
    ),
    "college-custom-rule-closing-reported-first": Broken(
        "college-2023",
        "accounts/student-affairs/student-affairs-wechat.yaml",
        (("closing_reported_on: 2026-06-15\n", ""),),
        "closing-reported-first",
        2,
        "closure:",
        "注销账号没有提前报备",
    ),
    "college-wechat-is-updated-weekly": Broken(
        "college-2023",
        COLLEGE_WECHAT,
        (("last_post_on: 2025-12-11", "last_post_on: 2025-11-20"),),
        "account-activity",
        3,
        "last_post_on: 2025-11-20",
        "年检报送时已 22 天没有更新",
    ),
    # Wednesday 2025-08-27 + 3 working days = Monday 2025-09-01; filed on the 3rd: late.
    "college-refiles-within-three-working-days": Broken(
        "college-2023",
        COLLEGE_WECHAT,
        (("changed_on: 2025-09-01", "changed_on: 2025-08-27"),),
        "refiling-window",
        2,
        "filed_on: 2025-09-03",
        "应在变更后 3 个工作日内（2025-09-01 前",
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_example_gets_exactly_its_finding(case: Broken, tmp_path: Path) -> None:
    root = _copy(case.example, tmp_path)
    text = ""
    for old, new in case.edits:
        text = _edit(root, case.path, old, new)
    found = _findings(root, case.rule)
    _one(found, case.path, case.article, _line_of(text, case.anchor), case.message)


def test_neu_codeowners_send_a_college_office_to_its_college(tmp_path: Path) -> None:
    root = _copy("neu", tmp_path)
    assert run_nmr("codeowners", "--root", str(root)).code == 0
    owners = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert (
        "/accounts/info-college-students/ @neu-example/publicity @neu-example/info-college\n"
        in owners
    )
    assert "/accounts/student-union/ @neu-example/publicity @neu-example/youth-league\n" in owners


def test_sbs_extra_field_values_are_checked_by_the_schema(tmp_path: Path) -> None:
    root = _copy("sbs", tmp_path)
    path = "accounts/business-school/business-school-wechat.yaml"
    text = _edit(root, path, "maintenance: 本单位维护", "maintenance: 外包")
    found = [f for f in _findings(root, "schema") if f["field"] == "maintenance"]
    assert [(f["path"], f["line"]) for f in found] == [(path, _line_of(text, "maintenance:"))]
    assert "本单位维护" in found[0]["message"] + found[0]["hint"]


def test_sbs_site_shows_public_extra_fields_only(tmp_path: Path) -> None:
    root = _copy("sbs", tmp_path)
    out = tmp_path / "site"
    result = run_nmr("render", "site", "--root", str(root), "--out", str(out), "--today", TODAY)
    assert result.code == 0, result.stderr
    accounts = json.loads((out / "registry.json").read_text(encoding="utf-8"))["accounts"]
    extra = {a["id"]: a["extra"] for a in accounts}
    assert extra["academic-affairs-weibo"] == {"maintenance": "委托第三方维护"}
    assert "维护方式" in (out / "registry.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    page = (out / "a" / "academic-affairs-weibo.html").read_text(encoding="utf-8")
    assert "<dt>维护方式</dt><dd>委托第三方维护</dd>" in page
    for path in out.rglob("*"):
        if path.is_file():
            assert "合同第12号" not in path.read_bytes().decode("utf-8", "replace"), path


def test_sbs_forms_print_its_own_rows_and_titles(tmp_path: Path) -> None:
    from docx import Document

    root = _copy("sbs", tmp_path)
    out = tmp_path / "forms"
    args = ("render", "forms", "academic-affairs-weibo", "--root", str(root), "--out", str(out))
    result = run_nmr(*args, "--today", TODAY)
    assert result.code == 0, result.stderr
    docx = out / "academic-affairs" / "academic-affairs-weibo-登记表.docx"
    document = Document(str(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "上海商学院校园新媒体备案表" in text and "报党委宣传部" in text
    assert {"维护方式", "委托第三方维护", "委托维护合同编号", "第一责任人", "内容审核人"} <= set(
        cells
    )
    assert "上级单位意见" not in cells and "新媒体ID" not in cells  # not among its rows


@pytest.mark.parametrize("name", EXAMPLES)
def test_rule_pages_of_an_example_cite_its_own_measures(name: str, tmp_path: Path) -> None:
    root = REPO / "examples" / name
    out = tmp_path / "rules"
    assert (
        run_nmr("rules", "--root", str(root), "--format", "markdown", "--out", str(out)).code == 0
    )
    for page in out.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not [word for word in HOME_NAMES if word in text.split("## ")[0]], page.name
    approved = (out / "approved-by-approver.md").read_text(encoding="utf-8")
    number = {"neu": "第三条", "sbs": "第三条", "college-2023": "第一条"}[name]
    assert f"> {number}：（摘要）" in approved and "{approver}" not in approved


@pytest.mark.parametrize("name", ["sbs", "college-2023"])
def test_ledger_round_trip_keeps_extra_fields_and_windows(name: str, tmp_path: Path) -> None:
    """台账.xlsx carries the extra fields, changed_on and last_post_on; importing it back into an
    empty registry of the same institution gives records that check clean."""
    root = _copy(name, tmp_path)
    ledger = tmp_path / "ledger"
    assert (
        run_nmr(
            "render", "ledger", "--root", str(root), "--out", str(ledger), "--today", TODAY
        ).code
        == 0
    )
    shutil.rmtree(root / "accounts")
    (root / "accounts").mkdir()
    result = run_nmr("import", str(next(ledger.glob("*.xlsx"))), "--root", str(root))
    assert result.code == 0, result.stderr
    original = REPO / "examples" / name / "accounts"
    assert len(list((root / "accounts").rglob("*.yaml"))) == len(list(original.rglob("*.yaml")))
    report = check_json(root)
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0, report["findings"]
