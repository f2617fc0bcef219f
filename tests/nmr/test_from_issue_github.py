"""The issue → pull request path on GitHub, end to end: a real origin repository, the event
file a workflow gets, and a local forge whose every response is built from (and validated
against) githubkit's published models; every request body is checked against GitHub's own
request models too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from githubkit_schemas.latest import models as gh
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.conftest import copy_registry, git, run_nmr_process
from tests.forge_models import sample
from tests.nmr.test_from_issue import REGISTER, body, form

REPO = "culr/registry"
NUMBER = 7
PULL_URL = f"https://github.com/{REPO}/pull/12"


def origin_and_checkout(tmp_path: Path) -> tuple[Path, Path]:
    origin = copy_registry(tmp_path / "origin")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "registry")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(origin), str(checkout))
    return origin, checkout


def event(tmp_path: Path, text: str, label: str = "登记新账号") -> Path:
    path = tmp_path / "event.json"
    issue = {"number": NUMBER, "title": f"【{label}】", "body": text, "labels": [{"name": label}]}
    path.write_text(json.dumps({"action": "opened", "issue": issue}, ensure_ascii=False), "utf-8")
    return path


class Forge:
    """Records each request; answers with model-built payloads."""

    def __init__(self, server: HTTPServer) -> None:
        self.server, self.requests = server, []  # type: HTTPServer, list[tuple[str, str, Any]]

    def on(self, method: str, path: str, answer: Any, status: int = 200, check: Any = None) -> None:
        def handler(request: Request) -> Response:
            payload = json.loads(request.data) if request.data else None
            if check is not None:
                check.model_validate(payload)  # GitHub's request model accepts what we sent
            self.requests.append((method, request.full_path.rstrip("?"), payload))
            return Response(json.dumps(answer), status=status, content_type="application/json")

        self.server.expect_request(path, method=method).respond_with_handler(handler)


def run(checkout: Path, server: HTTPServer, event_file: Path) -> Any:
    return run_nmr_process(
        "from-issue",
        "--forge",
        "github",
        "--repo",
        REPO,
        "--base",
        "main",
        "--event",
        str(event_file),
        "--api",
        server.url_for("/").rstrip("/"),
        "--root",
        str(checkout),
        "--today",
        "2026-11-24",
        cwd=checkout,
        env={"GITHUB_TOKEN": "t0ken"},
    )


def test_a_good_form_becomes_a_branch_a_pull_request_and_the_required_status(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    origin, checkout = origin_and_checkout(tmp_path)
    forge = Forge(httpserver)
    base = f"/repos/{REPO}"
    forge.on("GET", f"{base}/issues/{NUMBER}/comments", [])
    forge.on("GET", f"{base}/pulls", [])
    forge.on(
        "POST",
        f"{base}/pulls",
        sample(gh.PullRequest, number=12, html_url=PULL_URL),
        201,
        gh.ReposOwnerRepoPullsPostBody,
    )
    forge.on(
        "POST",
        f"{base}/issues/{NUMBER}/comments",
        sample(gh.IssueComment, id=5, body="x"),
        201,
        gh.ReposOwnerRepoIssuesIssueNumberCommentsPostBody,
    )
    forge.on(
        "DELETE", f"{base}/issues/{NUMBER}/labels/待补正", {"message": "Label does not exist"}, 404
    )
    head = {}

    def status_check(payload: Any) -> None:
        gh.ReposOwnerRepoStatusesShaPostBody.model_validate(payload)

    httpserver.expect_request(
        __import__("re").compile(rf"{base}/statuses/[0-9a-f]{{40}}"), method="POST"
    ).respond_with_handler(
        lambda request: (
            status_check(json.loads(request.data)),
            head.update(sha=request.path.rsplit("/", 1)[1], payload=json.loads(request.data)),
            Response(json.dumps(sample(gh.Status, state="success", context="检查本次变更")), 201),
        )[2]
    )
    text = body(form(checkout, "register"), REGISTER)
    result = run(checkout, httpserver, event(tmp_path, text))
    assert result.code == 0, result.stdout + result.stderr
    # The branch on origin holds the record, and its head is what the status names.
    branch_head = git(origin, "rev-parse", "issue-7").strip()
    assert head["sha"] == branch_head
    assert head["payload"]["context"] == "检查本次变更" and head["payload"]["state"] == "success"
    files = git(origin, "diff", "--name-only", "main", "issue-7").split()
    assert files == ["accounts/economics/economics-wechat-2.yaml"]
    posted = {(m, p): payload for m, p, payload in forge.requests}
    pull = posted[("POST", f"{base}/pulls")]
    assert pull["head"] == "issue-7" and pull["base"] == "main"
    assert pull["title"] == "【登记新账号】economics-wechat-2"
    assert f"Closes #{NUMBER}" in pull["body"] and "economics-wechat-2" in pull["body"]
    reply = posted[("POST", f"{base}/issues/{NUMBER}/comments")]["body"]
    assert reply.startswith("<!-- nmr-from-issue -->\n✅") and PULL_URL in reply
    assert "t0ken" not in git(origin, "log", "--all", "--format=%B")


def test_a_bad_form_gets_one_comment_updated_in_place_and_the_label(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    origin, checkout = origin_and_checkout(tmp_path)
    forge = Forge(httpserver)
    base = f"/repos/{REPO}"
    bot = sample(gh.SimpleUser, login="github-actions[bot]", type="Bot")
    stranger = sample(gh.SimpleUser, login="someone", type="User")
    comments = [
        sample(gh.IssueComment, id=98, body="<!-- nmr-from-issue --> copied", user=stranger),
        sample(gh.IssueComment, id=99, body="<!-- nmr-from-issue -->\n旧的回复", user=bot),
    ]
    forge.on("GET", f"{base}/issues/{NUMBER}/comments", comments)
    forge.on(
        "PATCH",
        f"{base}/issues/comments/99",
        sample(gh.IssueComment, id=99, body="x"),
        200,
        gh.ReposOwnerRepoIssuesCommentsCommentIdPatchBody,
    )
    forge.on("POST", f"{base}/issues/{NUMBER}/labels", [sample(gh.Label, name="待补正")])
    text = body(
        form(checkout, "register"),
        {**REGISTER, "contact": "王小明，宣传干事，123，wxm@culr.edu.cn"},
    )
    result = run(checkout, httpserver, event(tmp_path, text))
    assert result.code == 0, result.stdout + result.stderr  # delivered: the issue says what to fix
    edited = [payload for method, path, payload in forge.requests if method == "PATCH"]
    assert len(edited) == 1 and "联系人联系电话“123”" in edited[0]["body"]
    assert [p for m, p, _ in forge.requests if m == "POST"] == [f"{base}/issues/{NUMBER}/labels"]
    assert "issue-7" not in git(origin, "branch", "--list")  # nothing pushed


def test_an_edited_issue_updates_the_same_pull_request(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """The unit edits the issue: the branch is pushed again and the open pull request from it is
    updated in place, never a second one."""
    origin, checkout = origin_and_checkout(tmp_path)
    forge = Forge(httpserver)
    base = f"/repos/{REPO}"
    bot = sample(gh.SimpleUser, login="github-actions[bot]", type="Bot")
    forge.on(
        "GET",
        f"{base}/issues/{NUMBER}/comments",
        [sample(gh.IssueComment, id=99, body="<!-- nmr-from-issue -->", user=bot)],
    )
    forge.on("PATCH", f"{base}/issues/comments/99", sample(gh.IssueComment, id=99, body="x"))
    forge.on("GET", f"{base}/pulls", [sample(gh.PullRequestSimple, number=12, html_url=PULL_URL)])
    forge.on(
        "PATCH",
        f"{base}/pulls/12",
        sample(gh.PullRequest, number=12, html_url=PULL_URL),
        200,
        gh.ReposOwnerRepoPullsPullNumberPatchBody,
    )
    forge.on("DELETE", f"{base}/issues/{NUMBER}/labels/待补正", None, 200)
    httpserver.expect_request(
        __import__("re").compile(rf"{base}/statuses/[0-9a-f]{{40}}"), method="POST"
    ).respond_with_json(sample(gh.Status, state="success", context="检查本次变更"), status=201)
    text = body(form(checkout, "register"), {**REGISTER, "name": "经管研究生（改名）"})
    result = run(checkout, httpserver, event(tmp_path, text))
    assert result.code == 0, result.stdout + result.stderr
    methods = [(m, p) for m, p, _ in forge.requests]
    assert ("PATCH", f"{base}/pulls/12") in methods and ("POST", f"{base}/pulls") not in methods
    patched = next(payload for m, p, payload in forge.requests if p == f"{base}/pulls/12")
    assert patched["title"] == "【登记新账号】economics-wechat-2"
    shown = git(origin, "show", "issue-7:accounts/economics/economics-wechat-2.yaml")
    assert "经管研究生（改名）" in shown
