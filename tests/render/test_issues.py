"""The scheduled job keeps one issue per unit: a stand-in ``gh`` records every call."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import run_nmr_process

FAKE_GH = r"""
import json, os, sys
state_path = os.environ["FAKE_GH_STATE"]
state = json.load(open(state_path)) if os.path.exists(state_path) else {"issues": [], "calls": []}
args = sys.argv[1:]
state["calls"].append(args)
def flag(name):
    return args[args.index(name) + 1] if name in args else None
out = ""
if args[:2] == ["issue", "list"]:
    out = json.dumps([i for i in state["issues"] if i["state"] == "open"])
elif args[:2] == ["issue", "create"]:
    number = len(state["issues"]) + 1
    state["issues"].append({"number": number, "title": flag("--title"), "body": sys.stdin.read(), "state": "open",
                            "author": {"login": "app/github-actions", "is_bot": True}})
elif args[:2] == ["issue", "edit"]:
    issue = next(i for i in state["issues"] if i["number"] == int(args[2]))
    issue["title"], issue["body"] = flag("--title"), sys.stdin.read()
elif args[:2] == ["issue", "close"]:
    next(i for i in state["issues"] if i["number"] == int(args[2]))["state"] = "closed"
json.dump(state, open(state_path, "w"), ensure_ascii=False)
print(out)
"""


@pytest.fixture
def gh(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "gh"
    script.write_text(f"#!{sys.executable}\n{FAKE_GH}", encoding="utf-8")
    script.chmod(0o755)
    return {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "FAKE_GH_STATE": str(tmp_path / "gh.json"),
    }


def everything(env: dict[str, str]) -> dict[str, list]:  # type: ignore[type-arg]
    return json.loads(Path(env["FAKE_GH_STATE"]).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


DESK = "<!-- nmr-due:approver-desk -->"


def sync(registry: Path, env: dict[str, str], today: str) -> list[str]:
    """What the job did to the units' reminders (the approver's desk issue is followed apart)."""
    result = run_nmr_process(
        "due", "--root", str(registry), "--sync-issues", "--today", today, env=env
    )
    assert result.code == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "approver-desk" not in line]


def state(env: dict[str, str]) -> dict[str, list]:  # type: ignore[type-arg]
    """The fake forge's issues, without the approver's desk issue."""
    data = everything(env)
    desks = {str(i["number"]) for i in data["issues"] if DESK in i["body"]}
    data["issues"] = [i for i in data["issues"] if DESK not in i["body"]]
    data["calls"] = [
        call
        for call in data["calls"]
        if not (len(call) > 2 and call[2] in desks) and "审批单位待办" not in " ".join(call)
    ]
    return data


def file_review(path: Path, day: str) -> None:
    """The unit files its 2026 annual report (appends it to annual_reviews)."""
    text = path.read_text(encoding="utf-8")
    review = f"  - {{year: 2026, submitted_on: {day}}}\nstatus: active"
    path.write_text(text.replace("status: active", review), encoding="utf-8")


def mutating(calls: list[list[str]]) -> list[list[str]]:
    return [
        call
        for call in calls
        if call[:2] in (["issue", "create"], ["issue", "edit"], ["issue", "close"])
    ]


def test_open_then_nothing_then_edit_then_close(registry: Path, gh: dict[str, str]) -> None:
    # December: every unit with an active account owes its 2026 review
    first = sync(registry, gh, "2026-12-10")
    opened = [line for line in first if line.startswith("opened ")]
    issues = state(gh)["issues"]
    assert len(opened) == len(issues) > 10
    law = next(i for i in issues if "<!-- nmr-due:law -->" in i["body"])
    assert law["title"] == "【新媒体备案提醒】法学院：2 项待办"
    assert (
        "@culr/law" in law["body"]
        and "蔡子涵（院长）" in law["body"]
        and "| 2026-12-31 | 待办 |" in law["body"]
    )
    assert state(gh)["calls"][0][:3] == ["label", "create", "新媒体备案提醒"]
    assert all(i["title"].startswith("【新媒体备案提醒】") for i in issues)

    # the next day, nothing changed: no issue is created, edited or closed
    before = len(state(gh)["calls"])
    assert sync(registry, gh, "2026-12-11") == []
    assert mutating(state(gh)["calls"][before:]) == []

    # law files one review: its issue is edited in place, not posted anew
    path = registry / "accounts/law/law-wechat.yaml"
    file_review(path, "2026-12-12")
    before = len(state(gh)["calls"])
    assert sync(registry, gh, "2026-12-12") == [f"updated law #{law['number']}"]
    law_now = next(i for i in state(gh)["issues"] if i["number"] == law["number"])
    assert (
        law_now["title"] == "【新媒体备案提醒】法学院：1 项待办"
        and "law-wechat" not in law_now["body"]
    )
    assert [c[:2] for c in mutating(state(gh)["calls"][before:])] == [["issue", "edit"]]

    # law files the other one too: its issue is closed; the others stay open
    path = registry / "accounts/law/law-weibo.yaml"
    file_review(path, "2026-12-13")
    assert sync(registry, gh, "2026-12-13") == [f"closed law #{law['number']}"]
    still_open = [i for i in state(gh)["issues"] if i["state"] == "open"]
    assert len(still_open) == len(issues) - 1


def test_overdue_changes_the_body_once(registry: Path, gh: dict[str, str]) -> None:
    sync(registry, gh, "2026-12-30")
    assert sync(registry, gh, "2026-12-31") == []  # still due: same body
    changed = sync(registry, gh, "2027-01-01")  # now overdue: bodies change once
    assert changed and all(line.startswith("updated ") for line in changed)
    assert sync(registry, gh, "2027-01-02") == []
    assert all("**已逾期**" in i["body"] for i in state(gh)["issues"] if i["state"] == "open")


def test_duplicate_issues_for_one_unit_are_closed(registry: Path, gh: dict[str, str]) -> None:
    sync(registry, gh, "2026-12-10")
    data = state(gh)
    law = next(i for i in data["issues"] if "<!-- nmr-due:law -->" in i["body"])
    data["issues"].append({**law, "number": 999})
    Path(gh["FAKE_GH_STATE"]).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert sync(registry, gh, "2026-12-10") == ["closed duplicate law #999"]


def test_missing_gh_is_a_clear_error(registry: Path, tmp_path: Path) -> None:
    result = run_nmr_process(
        "due",
        "--root",
        str(registry),
        "--sync-issues",
        "--today",
        "2026-12-10",
        env={"PATH": str(tmp_path)},
    )
    assert result.code == 2 and "gh" in result.stderr and "Traceback" not in result.stderr


def test_due_formats(registry: Path) -> None:
    text = run_nmr_process("due", "--root", str(registry), "--today", "2027-01-03")
    assert text.code == 0
    assert (
        "法学院（law）  第一责任人：蔡子涵（院长）、陈海燕（党总支书记）  审核：@culr/law"
        in text.stdout
    )
    assert "law-wechat" in text.stdout and "已逾期 3 天" in text.stdout
    data = json.loads(
        run_nmr_process(
            "due", "--root", str(registry), "--today", "2027-01-03", "--format", "json"
        ).stdout
    )
    law = next(u for u in data["units"] if u["unit"] == "law")
    assert law["heads"][0] == {"name": "蔡子涵", "title": "院长"}
    assert {
        (i["account"], i["kind"], i["year"], i["due_on"], i["state"], i["days_left"])
        for i in law["items"]
    } == {
        ("law-wechat", "annual-review", 2026, "2026-12-31", "overdue", -3),
        ("law-weibo", "annual-review", 2026, "2026-12-31", "overdue", -3),
    }
    md = run_nmr_process(
        "due",
        "--root",
        str(registry),
        "--today",
        "2027-01-03",
        "--format",
        "markdown",
        "--unit",
        "law",
    )
    assert md.stdout.startswith("<!-- nmr-due:law -->\n### 法学院：新媒体账号待办事项")
    assert "annual_reviews" in md.stdout
    quiet = run_nmr_process("due", "--root", str(registry), "--today", "2026-11-24")
    assert quiet.stdout == "2026-11-24：没有待办或逾期的事项。\n"


# ---- attacks on the reminder job (fail closed)


def save(env: dict[str, str], data: dict[str, list]) -> None:  # type: ignore[type-arg]
    Path(env["FAKE_GH_STATE"]).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_impostors_issue_with_a_copied_marker_is_left_alone(
    registry: Path, gh: dict[str, str]
) -> None:
    sync(registry, gh, "2026-12-10")
    data = state(gh)
    law = next(i for i in data["issues"] if "<!-- nmr-due:law -->" in i["body"])
    fake = {**law, "number": 500, "author": {"login": "mallory", "is_bot": False}}
    data["issues"].append(fake)
    save(gh, data)
    for name in ("law-wechat", "law-weibo"):  # law has nothing due any more
        path = registry / f"accounts/law/{name}.yaml"
        file_review(path, "2026-12-11")
    assert sync(registry, gh, "2026-12-11") == [f"closed law #{law['number']}"]
    impostor = next(i for i in state(gh)["issues"] if i["number"] == 500)
    assert impostor["state"] == "open" and impostor["body"] == law["body"]
    assert not [
        c
        for c in state(gh)["calls"]
        if c[:3] in (["issue", "edit", "500"], ["issue", "close", "500"])
    ]


def test_an_unreadable_record_keeps_its_units_reminder_open(
    registry: Path, gh: dict[str, str]
) -> None:
    sync(registry, gh, "2026-12-10")
    law = next(i for i in state(gh)["issues"] if "<!-- nmr-due:law -->" in i["body"])
    (registry / "accounts/law/law-wechat.yaml").write_text("id: [\n", encoding="utf-8")
    path = registry / "accounts/law/law-weibo.yaml"
    file_review(path, "2026-12-11")
    result = run_nmr_process(
        "due", "--root", str(registry), "--sync-issues", "--today", "2026-12-11", env=gh
    )
    assert result.code == 1
    assert "kept law: unreadable records" in result.stdout
    assert "未计入（期限不明）" in result.stderr and "accounts/law/law-wechat.yaml" in result.stderr
    assert next(i for i in state(gh)["issues"] if i["number"] == law["number"])["state"] == "open"


def test_names_in_issue_bodies_cannot_mention_or_link(registry: Path, gh: dict[str, str]) -> None:
    path = registry / "accounts/law/law-wechat.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "name: 中国劳动关系学院法学院", 'name: "@everyone [点我](https://evil.example) #1"'
        ),
        encoding="utf-8",
    )
    sync(registry, gh, "2026-12-10")
    body = next(i for i in state(gh)["issues"] if "<!-- nmr-due:law -->" in i["body"])["body"]
    assert "@\u2060everyone \\[点我\\]\\(https\\://evil\\.example\\) \\#1" in body
    assert "@everyone" not in body and "](https://" not in body


def test_reminders_say_what_to_do_and_involve_the_guides(
    registry: Path, gh: dict[str, str]
) -> None:
    path = registry / "accounts/student-union/student-union-douyin.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "status: active",
            "  - {year: 2026, submitted_on: 2026-12-05, result: fail, reviewed_by: 熊建国, "
            "reviewed_on: 2026-12-08, note: 连续三个月未更新}\nstatus: rectifying",
        ),
        encoding="utf-8",
    )
    sync(registry, gh, "2026-12-10")
    body = next(i for i in state(gh)["issues"] if "<!-- nmr-due:student-union -->" in i["body"])[
        "body"
    ]
    assert "年审不合格整改（第六条）：整改要求：连续三个月未更新" in body
    assert "指导单位（第七条）：团委 @culr/youth-league 请督促办理。" in body
    assert "复查结果由审批人记录，单位不要自己填写 `result`" in body
    assert "result: pass" not in body


def test_the_approver_gets_the_queue_in_one_issue(registry: Path, gh: dict[str, str]) -> None:
    file_review(registry / "accounts/law/law-wechat.yaml", "2026-12-11")
    sync(registry, gh, "2026-12-12")
    (desk,) = [i for i in everything(gh)["issues"] if DESK in i["body"]]
    assert desk["title"] == "【新媒体备案】审批单位待办：1 项"
    assert "@culr/publicity 以下事项等待审批或审核" in desk["body"]
    assert "- law\\-wechat" in desk["body"] or "law-wechat" in desk["body"]
    assert "待审核的年度检查报告（1）" in desk["body"]
    sync(registry, gh, "2026-12-12")
    assert (
        len([i for i in everything(gh)["issues"] if DESK in i["body"]]) == 1
    )  # kept, not duplicated
