"""``nmr from-issue``: filled forms (as GitHub writes them, and edited by hand) become records,
or one comment listing every problem; existing records change only where the form says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from nmr.engine.registry import load_frame
from nmr.render.issue_forms import Form, forms
from nmr.schemas.text import use_policy_names
from tests.conftest import check_json, copy_registry, run_nmr_process

TODAY = "2026-11-24"
LAW = "accounts/law/law-wechat.yaml"


def form(root: Path, key: str) -> Form:
    registry, _ = load_frame(root)
    assert registry is not None
    use_policy_names(registry.names)
    return next(f for f in forms(registry) if f.key == key)


def body(form: Form, answers: dict[str, str], confirmed: bool = True) -> str:
    """An issue body as GitHub writes a submitted form: every field, _No response_ if empty."""
    parts = []
    for item in form.fields:
        parts.append(f"### {item.label}\n\n{answers.get(item.id) or '_No response_'}\n")
    if form.confirm:
        mark = "X" if confirmed else " "
        parts.append(
            "### 主办单位确认\n\n" + "\n".join(f"- [{mark}] {t}" for t in form.confirm) + "\n"
        )
    return "\n".join(parts)


REGISTER = {
    "unit": "经管学院",
    "platform": "微信公众号",
    "name": "经管研究生",
    "handle": "culr_jg_yjs",
    "mission": "服务研究生",
    "scope": "学院动态",
    "audience": "面向社会公开",
    "opened_on": "2026/12/1",
    "verified": "否",
    "contact": "王小明，宣传干事，138 0013 8000，wxm@culr.edu.cn",
    "leader": "李大伟、副院长、13900139000、ldw@culr.edu.cn",
    "admin": "张丽，管理员，010-64921234，zl@culr.edu.cn\n赵强，管理员，13700137000，zq@culr.edu.cn",
    "reviewer": "赵静，审核员",
    "reply_days": "3",
    "signed_by": "范婷婷",
}


def run(root: Path, text: str, label: str, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    source = tmp_path / "body.md"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "outcome.json"
    result = run_nmr_process(
        "from-issue",
        "--root",
        str(root),
        "--body",
        str(source),
        "--label",
        label,
        "--today",
        TODAY,
        "--out",
        str(out),
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.code, json.loads(out.read_text(encoding="utf-8"))


def test_a_registration_form_becomes_the_record_nmr_new_would_write(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    code, outcome = run(root, body(form(root, "register"), REGISTER), "登记新账号", tmp_path)
    assert code == 0 and outcome["ok"], outcome
    assert outcome["path"] == "accounts/economics/economics-wechat-2.yaml"
    record = yaml.safe_load((root / outcome["path"]).read_text(encoding="utf-8"))
    assert (record["unit"], record["platform"], record["status"]) == (
        "economics",
        "wechat",
        "proposed",
    )
    assert record["contact"]["phone"] == "13800138000"
    assert [a["name"] for a in record["admins"]] == ["张丽", "赵强"]
    assert record["filings"] == [
        {
            "filed_on": __import__("datetime").date(2026, 11, 24),
            "reason": "initial",
            "signed_by": "范婷婷",
            "sealed": True,
        }
    ]
    assert "✅ 已按“登记新账号”表单生成" in outcome["comment"]
    errors = [f for f in check_json(root)["findings"] if f["severity"] == "error"]
    assert errors == []


def test_every_problem_comes_back_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    answers = {
        **REGISTER,
        "unit": "某研究所",
        "contact": "王小明，宣传干事，1380013800，wxm@culr.edu.cn",
        "opened_on": "2026.12",
        "handle": "culr_jg",  # registered already (economics-wechat)
        "mission": "",
    }
    before = sorted(p.name for p in (root / "accounts").rglob("*.yaml"))
    code, outcome = run(root, body(form(root, "register"), answers), "登记新账号", tmp_path)
    assert code == 1 and not outcome["ok"] and outcome["path"] is None
    problems = outcome["problems"]
    assert problems[0].startswith("主办单位“某研究所”：不是可选项")
    assert any(
        "微信公众号账号 culr_jg 已登记（accounts/economics/economics-wechat.yaml）" in p
        for p in problems
    )
    assert "缺少“宗旨”" in problems
    assert any("“2026.12”只写到月" in p for p in problems)
    assert any(p.startswith("联系人联系电话“1380013800”：不是有效的电话号码") for p in problems)
    assert not any("签字负责人" in p for p in problems)  # follows from the unit: not a second fault
    assert sorted(p.name for p in (root / "accounts").rglob("*.yaml")) == before
    assert outcome["comment"].startswith("<!-- nmr-from-issue -->\n❌")


def test_a_body_edited_by_hand_still_gets_a_clear_answer(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    text = body(form(root, "register"), REGISTER).replace("\n", "\r\n")
    text = text.replace("### 新媒体昵称", "## 新媒体昵称 ##")  # another heading level
    text = "请尽快办理<!-- a comment -->\r\n\r\n" + text + "\r\n### 备注\r\n\r\n谢谢\r\n"
    code, outcome = run(root, text, "登记新账号", tmp_path)
    assert code == 0, outcome
    assert "未识别的段落“备注”，已忽略" in outcome["comment"]
    nothing = run(root, "随便写的内容", "登记新账号", tmp_path)[1]
    assert not nothing["ok"] and "缺少“主办单位”" in nothing["problems"]
    unknown = run(root, "### 新媒体号\n\nx\n", "随便", tmp_path)[1]
    assert unknown["problems"][0].startswith("这个 issue 不是用登记表单填写的")


def test_a_change_of_managers_edits_only_those_blocks(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    target = root / LAW
    original = target.read_text(encoding="utf-8").replace(
        "status: active", "status: active  # 正常"
    )
    target.write_text(original, encoding="utf-8")
    answers = {
        "account": "law-wechat",
        "leader": "周新，副院长，13912345678，zx@culr.edu.cn",
        "admin": "不变",
        "contact": "不变",
        "reviewer": "不变",
        "changed_on": "2026-11-20",
        "signed_by": "蔡子涵",
    }
    code, outcome = run(
        root, body(form(root, "change-managers"), answers), "变更管理人员", tmp_path
    )
    assert code == 0, outcome
    after = target.read_text(encoding="utf-8")
    assert (
        'leader: {name: 周新, title: 副院长, phone: "13912345678", email: zx@culr.edu.cn}' in after
    )
    assert "status: active  # 正常" in after  # the unit's own comment stays
    old, new = yaml.safe_load(original), yaml.safe_load(after)
    assert new["filings"][:-1] == old["filings"]
    assert new["filings"][-1]["reason"] == "manager-change"
    assert {k: v for k, v in new.items() if k not in ("leader", "filings")} == {
        k: v for k, v in old.items() if k not in ("leader", "filings")
    }
    # A handle two platforms share names no single account: asked back, never guessed.
    shared = {**answers, "account": "culr_law"}
    code, outcome = run(root, body(form(root, "change-managers"), shared), "变更管理人员", tmp_path)
    assert code == 1 and outcome["problems"] == ["新媒体号“culr_law”对应多个账号，请写账号编号"]
    # Nothing changed at all is a problem, not an empty filing.
    nothing = {**answers, "leader": "不变"}
    assert run(root, body(form(root, "change-managers"), nothing), "变更管理人员", tmp_path)[0] == 1


@pytest.mark.parametrize(
    ("key", "answers", "label", "expect"),
    [
        (
            "annual-review",
            {"account": "law-wechat", "year": "2026", "submitted_on": "2026-11-20"},
            "年度检查",
            "annual_reviews",
        ),
        (
            "close",
            {
                "account": "law-wechat",
                "closed_on": "2026-11-20",
                "reason": "主办单位申请",
                "note": "合并",
            },
            "注销账号",
            "closure",
        ),
    ],
)
def test_a_review_or_a_closure_is_appended_as_a_unit_would(
    tmp_path: Path, key: str, answers: dict[str, str], label: str, expect: str
) -> None:
    root = copy_registry(tmp_path / "registry")
    before = yaml.safe_load((root / LAW).read_text(encoding="utf-8"))
    code, outcome = run(root, body(form(root, key), answers), label, tmp_path)
    assert code == 0, outcome
    after = yaml.safe_load((root / LAW).read_text(encoding="utf-8"))
    if expect == "annual_reviews":
        assert after["annual_reviews"][:-1] == before["annual_reviews"]
        assert after["annual_reviews"][-1]["year"] == 2026
    else:
        assert after["status"] == "closed"
        assert after["closure"]["reason"] == "unit-request" and after["closure"]["note"] == "合并"
