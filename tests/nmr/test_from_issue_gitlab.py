"""The GitLab job: every open form issue → a merge request through the API (python-gitlab),
against a local GitLab whose replies python-gitlab turns into its own objects, and a real
origin repository the branches are pushed to."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import git, run_nmr_process
from tests.nmr.test_from_issue import REGISTER, body, form
from tests.nmr.test_from_issue_github import origin_and_checkout

PROJECT = "42"
BOT = "project_42_bot"
API = f"/api/v4/projects/{PROJECT}"


def issue(iid: int, text: str, label: str) -> dict[str, Any]:
    return {
        "id": 1000 + iid,
        "iid": iid,
        "project_id": int(PROJECT),
        "title": f"【{label}】",
        "description": text,
        "labels": [label],
        "state": "opened",
        "author": {"id": 9, "username": "unit-secretary", "name": "单位秘书"},
        "web_url": f"https://git.example.edu.cn/registry/-/issues/{iid}",
    }


class GitLabServer:
    """Answers python-gitlab's calls; remembers what was written."""

    def __init__(
        self, server: HTTPServer, issues: list[dict[str, Any]], notes: dict[int, list[Any]]
    ) -> None:
        self.writes: list[tuple[str, str, Any]] = []
        self.issues, self.notes = issues, notes
        server.expect_request(re.compile(rf"{API}/.*")).respond_with_handler(self.handle)

    def reply(self, payload: Any, status: int = 200) -> Response:
        return Response(json.dumps(payload), status=status, content_type="application/json")

    def handle(self, request: Request) -> Response:
        path = request.path.removeprefix(API)
        data = request.get_json(silent=True) if request.data else None
        if request.method != "GET":
            self.writes.append((request.method, path, data or dict(request.args)))
        if request.method == "GET" and path == "/issues":
            label = request.args.get("labels")
            return self.reply([i for i in self.issues if label in i["labels"]])
        if match := re.fullmatch(r"/issues/(\d+)/notes", path):
            iid = int(match.group(1))
            if request.method == "GET":
                return self.reply(self.notes.get(iid, []))
            return self.reply({"id": 77, "body": data["body"], "author": {"username": BOT}}, 201)
        if match := re.fullmatch(r"/issues/(\d+)/notes/(\d+)", path):
            return self.reply(
                {"id": int(match.group(2)), "body": data["body"], "author": {"username": BOT}}
            )
        if match := re.fullmatch(r"/issues/(\d+)", path):
            return self.reply(next(i for i in self.issues if i["iid"] == int(match.group(1))))
        if path == "/merge_requests" and request.method == "GET":
            return self.reply([])
        if path == "/merge_requests":
            return self.reply(
                {
                    "id": 501,
                    "iid": 3,
                    "title": data["title"],
                    "description": data["description"],
                    "source_branch": data["source_branch"],
                    "target_branch": data["target_branch"],
                    "web_url": "https://git.example.edu.cn/registry/-/merge_requests/3",
                },
                201,
            )
        return self.reply({"message": "404 Not Found"}, 404)


def scheduled(checkout: Path, server: HTTPServer, ci: str) -> Any:
    """The from-issues job's command, as .gitlab-ci.yml runs it."""
    return run_nmr_process(
        "from-issue",
        "--forge",
        "gitlab",
        "--all",
        "--repo",
        PROJECT,
        "--base",
        "main",
        "--api",
        server.url_for("").rstrip("/"),
        "--root",
        str(checkout),
        "--today",
        "2026-11-24",
        cwd=checkout,
        env={"GITLAB_CI": ci, "GITLAB_TOKEN": "t0ken", "NMR_BOT_LOGIN": BOT},
    )


def test_the_scheduled_job_turns_each_form_issue_into_a_merge_request(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    origin, checkout = origin_and_checkout(tmp_path)
    good = body(form(checkout, "register"), REGISTER)
    bad = body(form(checkout, "register"), {**REGISTER, "handle": "culr_jg", "name": "重复"})
    ours = {"id": 55, "body": "<!-- nmr-from-issue -->\n旧的", "author": {"username": BOT}}
    theirs = {"id": 54, "body": "<!-- nmr-from-issue --> 复制的", "author": {"username": "someone"}}
    forge = GitLabServer(
        httpserver,
        [issue(7, good, "登记新账号"), issue(8, bad, "登记新账号")],
        {8: [theirs, ours]},
    )
    (checkout / "accounts/law/left-over.yaml").write_text(
        "id: left-over\n", "utf-8"
    )  # CI leftovers go
    result = scheduled(checkout, httpserver, "true")
    assert result.code == 0, result.stdout + result.stderr
    writes = forge.writes
    created = next(
        data for method, path, data in writes if method == "POST" and path == "/merge_requests"
    )
    assert created["source_branch"] == "issue-7" and created["target_branch"] == "main"
    assert (
        created["title"] == "【登记新账号】economics-wechat-2"
        and "Closes #7" in created["description"]
    )
    assert git(origin, "diff", "--name-only", "main", "issue-7").split() == [
        "accounts/economics/economics-wechat-2.yaml"
    ]
    note7 = next(data for method, path, data in writes if path == "/issues/7/notes")
    assert "merge_requests/3" in note7["body"]
    assert ("PUT", "/issues/7", {"remove_labels": "待补正"}) in writes
    # Issue 8: its one comment (ours, not the copied marker) is edited, and it is labelled.
    edited = [
        (path, data) for method, path, data in writes if method == "PUT" and "/notes/" in path
    ]
    assert [path for path, _ in edited] == ["/issues/8/notes/55"]
    assert "已登记" in edited[0][1]["body"]
    assert ("PUT", "/issues/8", {"add_labels": "待补正"}) in writes
    assert "issue-8" not in git(origin, "branch", "--list")
    assert not (checkout / "accounts/law/left-over.yaml").exists()


def test_the_job_refuses_to_run_outside_ci(tmp_path: Path, httpserver: HTTPServer) -> None:
    _, checkout = origin_and_checkout(tmp_path)
    mine = checkout / "accounts/law/draft.yaml"
    mine.write_text("id: draft\n", "utf-8")
    result = scheduled(checkout, httpserver, "")
    assert result.code == 2 and "只在 GitLab CI 的作业中运行" in result.stderr
    assert mine.exists()  # a person's own draft is never discarded
