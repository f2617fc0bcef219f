"""Change control against real git repositories built in temporary folders (nmr check --base)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TODAY, check_json, copy_registry, run_nmr_process

LAW = "accounts/law/law-wechat.yaml"
HEAD = "蔡子涵"  # a head of 法学院 in the bundled policy/units.yaml
APPROVER = "熊建国"  # an approver of 党委组宣部 in the bundled policy/units.yaml


class Repo:
    """A git repository holding a copy of the bundled registry, with a pull-request branch."""

    def __init__(self, top: Path, registry: str = "") -> None:
        self.top = top
        self.root = top / registry if registry else top
        copy_registry(self.root)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "ci@example.org")
        self.git("config", "user.name", "CI")
        self.git("config", "core.quotepath", "true")  # the default that mangles Chinese paths
        self.commit("registry")
        self.git("checkout", "-q", "-b", "pr")

    def git(self, *args: str, cwd: Path | None = None) -> str:
        return subprocess.run(
            ["git", *args], cwd=cwd or self.top, check=True, capture_output=True, text=True
        ).stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, old
        self.write(rel, text.replace(old, new, 1))

    def line_of(self, rel: str, needle: str) -> int:
        return next(n for n, line in enumerate(self.read(rel).splitlines(), 1) if needle in line)

    def check(self, base: str = "main", *extra: str) -> tuple[int, list[dict[str, Any]], str]:
        result = run_nmr_process(
            "check",
            "--root",
            str(self.root),
            "--base",
            base,
            "--format",
            "json",
            "--today",
            TODAY,
            *extra,
            cwd=self.root,
        )
        assert "Traceback" not in result.stderr, result.stderr
        findings = json.loads(result.stdout)["findings"] if result.stdout.strip() else []
        return result.code, findings, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def of_rule(findings: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [f for f in findings if f["rule"] == rule]


def append_filing(
    repo: Repo, rel: str, reason: str, filed_on: str = "2026-11-20", *, approved: bool = True
) -> None:
    """Append a filing signed by the dean; approved (as it is when merged) unless told not."""
    text = repo.read(rel)
    at = text.index("annual_reviews:")
    filing = (
        f"  - filed_on: {filed_on}\n    reason: {reason}\n    signed_by: {HEAD}\n    sealed: true\n"
    )
    if approved:
        filing += f"    approved_by: {APPROVER}\n    approved_on: {filed_on}\n"
    repo.write(rel, text[:at] + filing + text[at:])


NEW_ADMIN = (
    '  - {name: 王芳, title: 新媒体管理员, phone: "13911112222", email: wangfang@culr.edu.cn}'
)
OLD_ADMIN = (
    '  - {name: 熊丽, title: 新媒体管理员, phone: "010-63080735", email: xiongli@culr.edu.cn}'
)


# ---- refile-on-change (第五条)


def test_admin_change_without_filing_is_an_error(repo: Repo) -> None:
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    code, findings, _ = repo.check()
    assert code == 1
    (finding,) = of_rule(findings, "refile-on-change")
    assert (finding["article"], finding["path"], finding["line"], finding["column"]) == (
        5,
        LAW,
        repo.line_of(LAW, "admins:"),
        1,
    )
    assert "后台管理人员由 夏雨萱、熊丽 变为 夏雨萱、王芳" in finding["message"]
    assert "manager-change" in finding["hint"]


def test_admin_change_with_filing_passes(repo: Repo) -> None:
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    append_filing(repo, LAW, "manager-change")
    code, findings, _ = repo.check()
    assert of_rule(findings, "refile-on-change") == []
    assert code == 0, findings


def test_an_unapproved_refiling_blocks_the_merge(repo: Repo) -> None:
    """Approval is a gate: a live account's newest filing must be approved before merging."""
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    append_filing(repo, LAW, "manager-change", approved=False)
    code, findings, _ = repo.check()
    assert code == 1
    (finding,) = of_rule(findings, "filing-complete")
    assert (finding["article"], finding["severity"], finding["path"]) == (5, "error", LAW)
    assert finding["line"] == repo.line_of(LAW, "filed_on: 2026-11-20")
    assert "但这次备案没有党委组宣部的审批：未经批准的账号不是官方账号" in finding["message"]
    assert "在本合并请求中填写 approved_by 和 approved_on" in finding["hint"]


def test_leader_change_needs_manager_change_not_another_reason(repo: Repo) -> None:
    repo.replace(LAW, "leader: {name: 陆涛, title: 副院长", "leader: {name: 韩梅, title: 副院长")
    append_filing(repo, LAW, "unit-change")
    _, findings, _ = repo.check()
    (finding,) = of_rule(findings, "refile-on-change")
    assert finding["line"] == repo.line_of(LAW, "leader:")
    assert "陆涛（副院长） 变为 韩梅（副院长）" in finding["message"]


def test_phone_change_is_not_a_manager_change(repo: Repo) -> None:
    repo.replace(LAW, 'phone: "15057100823"', 'phone: "15057100824"')
    code, findings, _ = repo.check()
    assert code == 0 and of_rule(findings, "refile-on-change") == []


# ---- history-append-only (第五条, 第六条)


def test_editing_an_old_filing_is_an_error(repo: Repo) -> None:
    first = repo.read(LAW).split("  - filed_on: ", 1)[1][:10]
    repo.replace(LAW, f"  - filed_on: {first}", "  - filed_on: 2016-05-19")
    code, findings, _ = repo.check()
    assert code == 1
    (finding,) = of_rule(findings, "history-append-only")
    assert (finding["article"], finding["line"], finding["column"]) == (
        5,
        repo.line_of(LAW, "filed_on: 2016-05-19"),
        15,
    )
    assert f"原为 {first}" in finding["message"]


def test_removing_an_annual_review_is_an_error(repo: Repo) -> None:
    text = repo.read(LAW)
    line = next(row for row in text.splitlines() if "year: 2019" in row)
    repo.write(LAW, text.replace(line + "\n", ""))
    _, findings, _ = repo.check()
    (finding,) = of_rule(findings, "history-append-only")
    assert (finding["article"], finding["line"]) == (6, repo.line_of(LAW, "annual_reviews:"))


def merged_then_branched(repo: Repo, message: str, branch: str) -> None:
    """The unit's pull request is merged; the approver then works on a branch of their own."""
    repo.commit(message)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "pr")
    repo.git("checkout", "-q", "-b", branch)


def test_recording_an_approval_is_not_an_edit(repo: Repo) -> None:
    append_filing(repo, LAW, "manager-change", approved=False)
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    merged_then_branched(repo, "unit files a re-filing", "approve")
    repo.replace(
        LAW,
        "    signed_by: 蔡子涵\n    sealed: true\nannual_reviews:",
        "    signed_by: 蔡子涵\n    sealed: true\n    approved_by: 熊建国\n    approved_on: 2026-11-22\nannual_reviews:",
    )
    code, findings, _ = repo.check()
    assert of_rule(findings, "history-append-only") == []
    assert code == 0, findings


# ---- account-kept (第五条)


def test_deleting_an_account_file_is_an_error(repo: Repo) -> None:
    (repo.root / LAW).unlink()
    code, findings, _ = repo.check()
    assert code == 1
    (finding,) = of_rule(findings, "account-kept")
    assert (finding["article"], finding["path"], finding["line"]) == (5, LAW, 1)
    assert "status: closed" in finding["hint"]


def test_renaming_an_account_is_an_error(repo: Repo) -> None:
    repo.git("mv", LAW, "accounts/law/law-weixin.yaml")
    repo.replace("accounts/law/law-weixin.yaml", "id: law-wechat", "id: law-weixin")
    code, findings, _ = repo.check()
    (finding,) = of_rule(findings, "account-kept")
    assert (finding["path"], finding["line"]) == ("accounts/law/law-weixin.yaml", 1)
    assert "accounts/law/law-wechat.yaml" in finding["message"]
    assert code == 1


def test_moving_to_a_new_unit_with_a_filing_passes(repo: Repo) -> None:
    moved = "accounts/economics/law-wechat.yaml"
    (repo.root / moved).write_text(
        repo.read(LAW).replace("unit: law", "unit: economics"), encoding="utf-8"
    )
    (repo.root / LAW).unlink()  # untracked new file + deleted old one: still seen as a rename
    units = repo.read("policy/units.yaml")
    economics_head = units.split("id: economics", 1)[1].split("{name: ", 1)[1].split(",", 1)[0]
    text = repo.read(moved)  # earlier filings stay as they were: history is append-only
    at = text.index("annual_reviews:")
    filing = (
        f"  - filed_on: 2026-11-20\n    reason: unit-change\n    signed_by: {economics_head}\n"
        f"    sealed: true\n    approved_by: {APPROVER}\n    approved_on: 2026-11-21\n"
    )
    text = text[:at] + filing + text[at:]
    # the new host unit signs its own 承诺书 (附件2)
    text = text.replace(
        "commitment: {signed_by: 蔡子涵, signed_on: 2016-06-09}",
        f"commitment: {{signed_by: {economics_head}, signed_on: 2026-11-20}}",
    )
    repo.write(moved, text)
    code, findings, _ = repo.check()
    assert of_rule(findings, "account-kept") == [] and of_rule(findings, "refile-on-change") == []
    assert code == 0, findings


# ---- status-transition (第六条)


def test_active_to_rectifying_passes(repo: Repo) -> None:
    repo.replace(LAW, "status: active", "status: rectifying")
    code, findings, _ = repo.check()
    assert of_rule(findings, "status-transition") == [] and code == 0


def test_reopening_a_closed_account_needs_a_filing(repo: Repo) -> None:
    closed = "accounts/publicity/culr-yixin.yaml"
    text = repo.read(closed)
    repo.write(closed, text.split("status: closed")[0] + "status: active\n")
    code, findings, _ = repo.check()
    (finding,) = of_rule(findings, "status-transition")
    assert (finding["article"], finding["path"], finding["line"]) == (
        6,
        closed,
        repo.line_of(closed, "status: active"),
    )
    assert "closed" in finding["message"] and "重新备案" in finding["hint"]
    assert code == 1


# ---- units-change (第四条, 第十二条)


def test_removing_a_unit_that_hosts_accounts_is_an_error(repo: Repo) -> None:
    units = repo.read("policy/units.yaml")
    block = units[units.index("  - id: marxism") : units.index("  - id: library")]
    repo.write("policy/units.yaml", units.replace(block, ""))
    code, findings, _ = repo.check()
    (finding,) = [f for f in of_rule(findings, "units-change") if f["severity"] == "error"]
    assert (finding["article"], finding["path"], finding["line"]) == (
        4,
        "policy/units.yaml",
        repo.line_of("policy/units.yaml", "units:"),
    )
    assert "accounts/marxism/" in finding["message"]
    assert code == 1


def test_a_change_of_heads_is_shown_to_the_reviewer(repo: Repo) -> None:
    repo.replace(
        "policy/units.yaml", "{name: 陈海燕, title: 党总支书记}", "{name: 周新, title: 党总支书记}"
    )
    code, findings, _ = repo.check()
    (finding,) = of_rule(findings, "units-change")
    assert (finding["article"], finding["severity"]) == (12, "warning")
    assert (
        finding["message"]
        == "法学院的党政主要负责人变更：蔡子涵（院长）、陈海燕（党总支书记） → 蔡子涵（院长）、周新（党总支书记）"
    )
    lines = repo.read("policy/units.yaml").splitlines()
    heads = max(n for n in range(repo.line_of("policy/units.yaml", "周新")) if "heads:" in lines[n])
    assert finding["line"] == heads + 1
    assert code == 0


# ---- only the change blocks


def test_only_the_files_the_change_touches_are_read(repo: Repo) -> None:
    """A pull request answers for its own files: another unit's old problem neither blocks it nor
    is read (the whole registry is checked on main and by the scheduled job)."""
    other = "accounts/economics/economics-wechat.yaml"
    repo.git("checkout", "-q", "main")
    repo.replace(other, "reply_commitment_days:", "reply_commitment_days: 30 #")
    repo.commit("an old problem already on main")
    repo.git("checkout", "-q", "pr")
    repo.git("rebase", "-q", "main")
    repo.replace(LAW, "reply_commitment_days: 2", "reply_commitment_days: 9")
    code, findings, _ = repo.check()
    by_path = {f["path"]: f for f in of_rule(findings, "reply-commitment")}
    assert set(by_path) == {LAW} and by_path[LAW]["severity"] == "error"
    assert code == 1
    whole = check_json(repo.root)  # without --base: every file
    assert other in {f["path"] for f in whole["findings"] if f["rule"] == "reply-commitment"}
    repo.replace(LAW, "reply_commitment_days: 9", "reply_commitment_days: 2")
    code, findings, _ = repo.check()
    assert code == 0, [f for f in findings if f["severity"] == "error"]


# ---- git done right


def test_merge_base_against_a_diverged_main(repo: Repo) -> None:
    repo.replace(LAW, "reply_commitment_days: 2", "reply_commitment_days: 3")
    repo.commit("pr change")
    repo.git("checkout", "-q", "main")
    (repo.root / "accounts/law/law-weibo.yaml").unlink()  # main moved on (badly); not ours
    repo.commit("main moves on")
    repo.git("checkout", "-q", "pr")
    code, findings, _ = repo.check()
    assert of_rule(findings, "account-kept") == []
    assert code == 0, findings


def test_new_untracked_file_in_a_subfolder_and_a_chinese_path(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", registry="新媒体备案库")
    new = "accounts/law/法学院抖音.yaml"
    repo.write(new, repo.read(LAW))
    code, findings, _ = repo.check()
    mine = {f["rule"]: f for f in findings if f["path"] == new}
    # the copy keeps id law-wechat and its handle: both problems are on the new (touched) file
    assert set(mine) == {"id-matches-file", "duplicate-handle"}
    assert {f["severity"] for f in mine.values()} == {"error"}
    original = [f for f in findings if f["path"] == LAW]
    assert [(f["rule"], f["severity"]) for f in original] == [("duplicate-handle", "warning")]
    assert code == 1


def test_summary_for_add_refile_and_close(repo: Repo, tmp_path: Path) -> None:
    added = "accounts/law/law-douyin.yaml"
    text = repo.read("accounts/culture-media/culture-media-douyin.yaml")
    text = text.replace("id: culture-media-douyin", "id: law-douyin").replace(
        "unit: culture-media", "unit: law"
    )
    text = text.replace('handle: "culr_wcdy"', 'handle: "culr_law_dy"').replace(
        "name: 劳院文传", "name: 劳院法学院"
    )
    signer = text.split("    signed_by: ", 1)[1].split("\n", 1)[0]
    repo.write(added, text.replace(signer, HEAD))
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    append_filing(repo, LAW, "manager-change")
    union = "accounts/student-union/student-union-douyin.yaml"
    repo.replace(
        union,
        "status: active",
        "status: closed\nclosure: {closed_on: 2026-11-20, reason: unit-request}",
    )
    summary = tmp_path / "summary.md"
    code, findings, _ = repo.check("main", "--summary", str(summary))
    assert code == 0, [f for f in findings if f["severity"] == "error"]
    markdown = summary.read_text(encoding="utf-8")
    assert markdown.startswith(
        "## 新媒体备案变更摘要\n\n✅ 可以审批。本次涉及 3 个账号（新增 1、变更 1、注销 1）"
    )
    assert "### 新增账号" in markdown and "`law-douyin`" in markdown
    assert (
        "### 变更账号" in markdown
        and "后台管理人员：夏雨萱（新媒体管理员）、熊丽（新媒体管理员） → 夏雨萱（新媒体管理员）、王芳（新媒体管理员）"
        in markdown
    )
    assert (
        "✅ 新增备案：2026-11-20 人员变更重新备案（蔡子涵 签字，已盖章，熊建国 2026-11-20 审批）"
        in markdown
    )
    assert "### 注销账号" in markdown and "注销：2026-11-20，主办单位申请" in markdown
    assert "第五条" in markdown and "第十四条" in markdown
    assert "党委组宣部 @culr/publicity" in markdown and "法学院 @culr/law" in markdown
    assert (
        "校学生会 @culr/student-union" in markdown
        and "团委 @culr/youth-league（指导校学生会，第七条）" in markdown
    )
    assert len(markdown.splitlines()) < 60  # one screen


def test_missing_base_is_exit_2_with_fetch_advice(repo: Repo) -> None:
    code, _, stderr = repo.check("origin/main")
    assert code == 2
    assert "fetch-depth: 0" in stderr


def test_shallow_clone_without_merge_base_is_exit_2(repo: Repo, tmp_path: Path) -> None:
    repo.replace(LAW, "reply_commitment_days: 2", "reply_commitment_days: 3")
    repo.commit("pr")
    repo.git("checkout", "-q", "main")
    repo.replace(
        "accounts/law/law-weibo.yaml", "reply_commitment_days:", "reply_commitment_days: 1 #"
    )
    repo.commit("main")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "pr", f"file://{repo.top}", str(clone)],
        check=True,
    )
    subprocess.run(
        ["git", "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main"],
        cwd=clone,
        check=True,
    )
    result = run_nmr_process("check", "--root", str(clone), "--base", "origin/main", cwd=clone)
    assert result.code == 2
    assert (
        "浅克隆" in result.stderr
        and "fetch-depth: 0" in result.stderr
        and "Traceback" not in result.stderr
    )


# ---- attacks on change control (fail closed)


def test_a_newline_in_a_file_name_cannot_hide_a_manager_change(repo: Repo) -> None:
    """Names go to git NUL-separated and blobs are read by id: no request can be split."""
    decoy = repo.read(LAW).replace("id: law-wechat", "id: decoy")
    (repo.root / "accounts/law/a\nlaw-wechat.yaml").write_text(decoy, encoding="utf-8")
    repo.commit("a file whose name holds a newline")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "pr")
    repo.git("checkout", "-q", "pr")
    (repo.root / "accounts/law/a\nlaw-wechat.yaml").write_text(
        decoy.replace(OLD_ADMIN, NEW_ADMIN), encoding="utf-8"
    )
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    code, findings, _ = repo.check()
    assert code == 1
    refiles = of_rule(findings, "refile-on-change")
    assert [f["path"] for f in refiles] == [LAW]
    assert "后台管理人员由 夏雨萱、熊丽 变为 夏雨萱、王芳" in refiles[0]["message"]
    (layout,) = [f for f in of_rule(findings, "file-layout") if "\\u000a" in f["path"]]
    assert "控制字符" in layout["message"]


def test_a_file_name_that_is_not_utf8_is_reported(repo: Repo) -> None:
    name = b"accounts/law/\xb7\xa8\xd1\xa7.yaml"  # 法学 in GBK
    (repo.root / os.fsdecode(name)).write_bytes((repo.root / LAW).read_bytes())
    code, findings, stderr = repo.check()
    assert code == 1, stderr
    bad = [f for f in findings if f["rule"] == "file-not-regular"]
    assert bad and "\\xb7\\xa8" in bad[0]["path"] and "不是 UTF-8 编码" in bad[0]["message"]


def test_hiding_an_account_in_a_dot_folder_is_an_error(repo: Repo) -> None:
    (repo.root / "accounts/.archive").mkdir()
    (repo.root / LAW).rename(repo.root / "accounts/.archive/law-wechat.yaml")
    code, findings, _ = repo.check()
    assert code == 1
    (kept,) = of_rule(findings, "account-kept")
    assert kept["path"] == "accounts/.archive/law-wechat.yaml"
    assert f"账号记录 {LAW} 被移到 accounts/.archive/law-wechat.yaml" in kept["message"]
    (layout,) = of_rule(findings, "file-layout")
    assert layout["path"] == "accounts/.archive/law-wechat.yaml" and layout["line"] == 1
    assert "隐藏文件或在隐藏文件夹中" in layout["message"]
    assert layout["severity"] == "error"


def test_a_dot_file_is_an_error_not_skipped(repo: Repo) -> None:
    (repo.root / "accounts/law/.law-wechat.yaml").write_text(repo.read(LAW), encoding="utf-8")
    code, findings, _ = repo.check()
    assert code == 1
    (layout,) = of_rule(findings, "file-layout")
    assert layout["path"] == "accounts/law/.law-wechat.yaml"


def test_markdown_in_a_record_cannot_shape_the_summary(repo: Repo, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    hostile = "## 伪造标题\\n[点我](https://evil.example) <img src=x onerror=alert(1)> @everyone |"
    repo.replace(LAW, "name: 中国劳动关系学院法学院", f'name: "{hostile}"')
    summary = tmp_path / "summary.md"
    repo.check("main", "--summary", str(summary))
    markdown = summary.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    inline = [child for token in tokens for child in token.children or []]
    assert not [t for t in tokens + inline if t.type in ("link_open", "html_inline")]
    html = [t.content for t in tokens if t.type == "html_block"]  # the summary's own folds only
    assert all(block.startswith(("<details>", "</details>")) for block in html), html
    assert "\\<img" in markdown and not re.search(r"(?<!\\)<img", markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "伪造标题" not in " ".join(headings)
    assert "@everyone" not in markdown and "@\u2060everyone" in markdown


# ---- change-split (the check cannot be changed by the change it checks)


def test_a_head_added_with_the_filing_it_signs_is_refused(repo: Repo) -> None:
    repo.replace(
        "policy/units.yaml",
        "      - {name: 陈海燕, title: 党总支书记}",
        "      - {name: 陈海燕, title: 党总支书记}\n      - {name: 王芳, title: 院长}",
    )
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    append_filing(repo, LAW, "manager-change")
    repo.replace(
        LAW,
        f"    signed_by: {HEAD}\n    sealed: true\n    approved_by",
        "    signed_by: 王芳\n    sealed: true\n    approved_by",
    )
    code, findings, _ = repo.check()
    assert code == 1
    (split,) = of_rule(findings, "change-split")
    assert (split["path"], split["line"], split["article"], split["severity"]) == (
        "policy/units.yaml",
        1,
        5,
        "error",
    )
    assert (
        "本次变更同时修改了 1 个账号记录和规则、政策或流程文件（policy/units.yaml）"
        in split["message"]
    )
    assert "拆成两个合并请求" in split["hint"]


def test_an_edited_rule_beside_an_account_is_refused(repo: Repo) -> None:
    repo.write("checks/platform_known.py", "# a rule, edited in the same change\n")
    repo.write(".github/workflows/check.yml", "name: weakened\n")
    repo.replace(LAW, "reply_commitment_days: 2", "reply_commitment_days: 3")
    code, findings, _ = repo.check()
    assert code == 1
    paths = sorted(f["path"] for f in of_rule(findings, "change-split"))
    assert paths == [".github/workflows/check.yml", "checks/platform_known.py"]


def test_policy_alone_or_records_alone_pass_the_split(repo: Repo) -> None:
    repo.replace("policy/policy.yaml", "rectification_days: 90", "rectification_days: 60")
    assert of_rule(repo.check()[1], "change-split") == []
    repo.git("checkout", "--", ".")
    repo.replace(LAW, "reply_commitment_days: 2", "reply_commitment_days: 3")
    assert of_rule(repo.check()[1], "change-split") == []


# ---- the reviewer's summary says what is true


def summary_of(repo: Repo, tmp_path: Path) -> str:
    out = tmp_path / "summary.md"
    repo.check("main", "--summary", str(out))
    return out.read_text(encoding="utf-8")


def test_a_submitted_report_is_waiting_not_failed(repo: Repo, tmp_path: Path) -> None:
    repo.replace(
        LAW, "status: active", "  - {year: 2026, submitted_on: 2026-11-20}\nstatus: active"
    )
    markdown = summary_of(repo, tmp_path)
    assert "年度检查：2026 年度（2026-11-20 报送）：已报送，待审核" in markdown
    assert "不合格" not in markdown


def test_a_recorded_result_and_a_recorded_approval_are_shown(repo: Repo, tmp_path: Path) -> None:
    repo.replace(
        LAW, "status: active", "  - {year: 2026, submitted_on: 2026-11-20}\nstatus: active"
    )
    append_filing(repo, LAW, "manager-change", approved=False)
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    merged_then_branched(repo, "unit files", "approver")
    repo.replace(
        LAW,
        "  - {year: 2026, submitted_on: 2026-11-20}",
        "  - {year: 2026, submitted_on: 2026-11-20, result: fail, reviewed_by: 熊建国, "
        "reviewed_on: 2026-11-22, note: 三个月未更新}",
    )
    repo.replace(
        LAW,
        f"    signed_by: {HEAD}\n    sealed: true\nannual_reviews:",
        f"    signed_by: {HEAD}\n    sealed: true\n    approved_by: 熊建国\n    approved_on: 2026-11-22\nannual_reviews:",
    )
    repo.replace(LAW, "status: active", "status: rectifying")
    markdown = summary_of(repo, tmp_path)
    assert "✅ 审批：备案 2026-11-20 由 熊建国 于 2026-11-22 审批" in markdown
    assert (
        "年度检查结果：2026 年度（2026-11-20 报送）：不合格，审核人 熊建国 2026-11-22；意见：三个月未更新"
        in markdown
    )
    assert "合并后公开页面：官方账号（整改中） ✓" in markdown


def test_changed_public_fields_show_old_and_new(repo: Repo, tmp_path: Path) -> None:
    repo.replace(LAW, "name: 中国劳动关系学院法学院", "name: 劳院法学院公众号")
    repo.replace(LAW, 'phone: "18870194977"', 'phone: "13912345678"')
    markdown = summary_of(repo, tmp_path)
    assert "昵称：中国劳动关系学院法学院 → 劳院法学院公众号" in markdown
    assert "联系人：郝军（宣传干事） 188****4977" in markdown and "139****5678" in markdown
    assert "18870194977" not in markdown and "13912345678" not in markdown


def test_a_new_proposal_shows_its_public_fields_and_that_it_is_not_official(
    repo: Repo, tmp_path: Path
) -> None:
    added = "accounts/law/law-douyin.yaml"
    text = repo.read(LAW).replace("id: law-wechat", "id: law-douyin")
    text = text.replace("platform: wechat", "platform: douyin").replace(
        "status: active", "status: proposed"
    )
    repo.write(added, text)
    markdown = summary_of(repo, tmp_path)
    assert (
        "新媒体号 culr\\_law；链接" in markdown
        and "访问范围 面向社会公开；实名认证 已认证" in markdown
    )
    assert "状态：申请中" in markdown
    assert "合并后公开页面：申请中，尚未批准" in markdown


# ---- approver-only fields, and changes that reroute review


def test_an_approval_filled_in_by_the_unit_is_flagged(repo: Repo) -> None:
    append_filing(repo, LAW, "manager-change")  # approved_by 熊建国 written into the unit's PR
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    _, findings, _ = repo.check("main", "--author", "law-secretary")
    (flag,) = of_rule(findings, "approver-only-fields")
    assert (flag["article"], flag["severity"], flag["path"]) == (5, "warning", LAW)
    assert (flag["line"], flag["column"]) == (repo.line_of(LAW, "approved_on: 2026-11-20") - 1, 18)
    assert (
        "本合并请求的提交者 law-secretary 不是登记的审批人，却填写了备案 2026-11-20 的审批"
        in flag["message"]
    )
    _, by_approver, _ = repo.check("main", "--author", "xiong-jianguo")
    assert of_rule(by_approver, "approver-only-fields") == []
    _, unknown, _ = repo.check("main")
    assert of_rule(unknown, "approver-only-fields") == []


def test_a_review_result_filled_in_by_the_unit_is_flagged(repo: Repo) -> None:
    repo.replace(
        LAW,
        "status: active",
        "  - {year: 2026, submitted_on: 2026-11-20, result: pass, reviewed_by: 熊建国, "
        "reviewed_on: 2026-11-21}\nstatus: active",
    )
    _, findings, _ = repo.check("main", "--author", "law-secretary")
    (flag,) = of_rule(findings, "approver-only-fields")
    assert "却填写了2026 年度检查的结果" in flag["message"]


def test_a_change_of_team_kind_or_guides_is_shown(repo: Repo) -> None:
    repo.replace(
        "policy/units.yaml",
        "    guided_by: [youth-league]",
        "    guided_by: []",
    )
    _, findings, _ = repo.check()
    routing = [f for f in of_rule(findings, "units-change") if "指导单位" in f["message"]]
    assert routing and routing[0]["article"] == 7 and routing[0]["severity"] == "warning"
    assert "校学生会的指导单位变更：youth-league → （无）" in routing[0]["message"]


def test_the_headline_counts_this_change_and_folds_earlier_problems(
    repo: Repo, tmp_path: Path
) -> None:
    repo.git("checkout", "-q", "main")  # two other units already share a handle on main
    repo.replace("accounts/library/library-wechat.yaml", 'handle: "culr_lib"', 'handle: "culr_jg"')
    repo.commit("an old clash already on main")
    repo.git("checkout", "-q", "pr")
    repo.git("rebase", "-q", "main")
    repo.replace(LAW, "reply_commitment_days: 2", "reply_commitment_days: 3")
    markdown = summary_of(repo, tmp_path)
    # a clash the change has no part in is main's to fix: the pull request is not asked
    assert "本次修改的文件：0 个错误，0 个警告（" in markdown and "其他文件" not in markdown
    repo.replace(LAW, 'handle: "culr_law"', 'handle: "culr_jg"')
    markdown = summary_of(repo, tmp_path)
    # the change joins the clash: its own file blocks, the two others are counted apart
    assert (
        "本次修改的文件：1 个错误，0 个警告；其他文件中已有的问题 2 条（不阻止合并，见文末）"
        in markdown
    )


def test_the_summary_lists_the_paper_each_change_needs(repo: Repo, tmp_path: Path) -> None:
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    append_filing(repo, LAW, "manager-change")
    repo.replace(
        LAW, "status: active", "  - {year: 2026, submitted_on: 2026-11-20}\nstatus: active"
    )
    union = "accounts/student-union/student-union-douyin.yaml"
    repo.replace(
        union,
        "status: active",
        "status: closed\nclosure: {closed_on: 2026-11-20, reason: unit-request}",
    )
    markdown = summary_of(repo, tmp_path)
    assert "应收纸质材料：附件1 登记表（变更）、2026 年度检查报告（签字盖章原件" in markdown
    assert "应收纸质材料：注销（关闭）备案表" in markdown
    assert "sealed: true 只是单位的声明，收到原件后再批准" in markdown


def test_a_policy_change_is_spelled_out(repo: Repo, tmp_path: Path) -> None:
    repo.replace(
        "policy/units.yaml", "    guided_by: [youth-league]", "    guided_by: [student-affairs]"
    )
    markdown = summary_of(repo, tmp_path)
    assert "### 单位名录" in markdown
    assert "校学生会的指导单位变更：youth\\-league → student\\-affairs" in markdown


def test_a_unit_move_is_shown_with_its_paper(repo: Repo, tmp_path: Path) -> None:
    moved = "accounts/economics/law-wechat.yaml"
    units = repo.read("policy/units.yaml")
    head = units.split("id: economics", 1)[1].split("{name: ", 1)[1].split(",", 1)[0]
    text = repo.read(LAW).replace("unit: law", "unit: economics")
    at = text.index("annual_reviews:")
    text = (
        text[:at]
        + f"  - filed_on: 2026-11-20\n    reason: unit-change\n    signed_by: {head}\n"
        + f"    sealed: true\n    approved_by: {APPROVER}\n    approved_on: 2026-11-21\n"
        + text[at:]
    ).replace(
        "commitment: {signed_by: 蔡子涵, signed_on: 2016-06-09}",
        f"commitment: {{signed_by: {head}, signed_on: 2026-11-20}}",
    )
    repo.write(moved, text)
    (repo.root / LAW).unlink()
    markdown = summary_of(repo, tmp_path)
    assert "主办单位：法学院 → 经济管理学院" in markdown
    assert "应收纸质材料：附件1 登记表（变更）、附件2 承诺书" in markdown


def test_forms_for_a_change_are_exactly_what_it_calls_for(repo: Repo, tmp_path: Path) -> None:
    """A new account, a submitted report and a closure, each printing its own papers."""
    added = "accounts/law/law-douyin.yaml"
    repo.write(
        added,
        repo.read(LAW)
        .replace("id: law-wechat", "id: law-douyin")
        .replace("platform: wechat", "platform: douyin"),
    )
    weibo = "accounts/law/law-weibo.yaml"
    repo.replace(
        weibo, "status: active", "  - {year: 2026, submitted_on: 2026-11-20}\nstatus: active"
    )
    union = "accounts/student-union/student-union-douyin.yaml"
    repo.replace(
        union,
        "status: active",
        "status: closed\nclosure: {closed_on: 2026-11-20, reason: unit-request}",
    )
    out = tmp_path / "forms"
    result = run_nmr_process(
        "render",
        "forms",
        "--root",
        str(repo.root),
        "--out",
        str(out),
        "--base",
        "main",
        "--today",
        TODAY,
        cwd=repo.root,
    )
    assert result.code == 0, result.stderr
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert "law/law-douyin-登记表.pdf" in files and "law/law-douyin-承诺书.pdf" in files
    assert "student-union/student-union-douyin-注销备案表.pdf" in files
    assert not [f for f in files if f.startswith("law/law-wechat")]  # untouched: nothing
    reports = [f for f in files if "年度检查报告" in f]
    assert reports == ["law/law-weibo-2026-年度检查报告.pdf"]  # the report this change submits


def test_a_managers_new_phone_is_shown_masked(repo: Repo, tmp_path: Path) -> None:
    repo.replace(LAW, OLD_ADMIN, OLD_ADMIN.replace('"010-63080735"', '"13912345678"'))
    markdown = summary_of(repo, tmp_path)
    line = next(line for line in markdown.splitlines() if "后台管理人员 熊丽" in line)
    assert "139****5678" in line.replace("\\*", "*") and "13912345678" not in markdown


def test_an_edit_of_the_same_size_in_the_same_second_is_seen(repo: Repo) -> None:
    """git trusts file times against the index's own time: a copied index must keep it."""
    for attempt in range(9):
        repo.git("checkout", "-q", "main")
        old = f"2016-0{attempt + 1}-10"
        text = repo.read(LAW)
        filed = next(line for line in text.splitlines() if "filed_on:" in line)
        repo.write(LAW, text.replace(filed, filed.split("filed_on:")[0] + f"filed_on: {old}", 1))
        repo.commit(f"base {attempt}")
        repo.git("checkout", "-q", "-B", "pr")
        repo.replace(LAW, old, old.replace("-10", "-11"))  # same size, same second
        _, findings, _ = repo.check("main")
        assert of_rule(findings, "history-append-only"), attempt
        repo.git("checkout", "-q", "--", LAW)


def _watch(repo: Repo, fields: str) -> None:
    """policy.yaml refiling_fields on main, as an institution sets it."""
    repo.git("checkout", "-q", "main")
    policy = repo.read("policy/policy.yaml")
    repo.write("policy/policy.yaml", policy + f"refiling_fields: {fields}\n")
    repo.commit("refiling fields")
    repo.git("checkout", "-q", "-B", "pr")


def test_the_policy_chooses_which_changes_need_re_filing(repo: Repo) -> None:
    _watch(repo, "[name, admins]")
    repo.replace(LAW, "name: 中国劳动关系学院法学院", "name: 劳动关系学院法学院")
    repo.replace(LAW, "leader: {name: 陆涛,", "leader: {name: 王芳,")  # not watched here
    _, findings, _ = repo.check("main")
    (renamed,) = of_rule(findings, "refile-on-change")
    assert renamed["line"] == repo.line_of(LAW, "name: 劳动关系学院法学院")
    assert (
        "账号名称由 中国劳动关系学院法学院 变为 劳动关系学院法学院，但没有重新备案"
        in renamed["message"]
    )
    assert "reason: info-change" in renamed["hint"]
    append_filing(repo, LAW, "info-change")
    _, findings, _ = repo.check("main")
    assert of_rule(findings, "refile-on-change") == []
