"""``nmr approvals`` against a local forge: replayed GitHub reviews (each payload validated
against githubkit's published models before it is served) and GitLab approvals read through
python-gitlab, on real pull-request branches."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from githubkit_schemas.latest.models import PullRequestReview
from pytest_httpserver import HTTPServer

from tests.checks.test_change import LAW, NEW_ADMIN, OLD_ADMIN, Repo, append_filing
from tests.conftest import TODAY, run_nmr_process

REPO_NAME = "culr/registry"
NUMBER = 7
HEAD = "9f1c2b7e4d3a5f60718293a4b5c6d7e8f9012345"
OLD = "1111111111111111111111111111111111111111"
UNION = "accounts/student-union/student-union-douyin.yaml"


def user(login: str, number: int) -> dict[str, Any]:
    base = f"https://api.github.com/users/{login}"
    return {
        "login": login,
        "id": number,
        "node_id": f"MDQ6VXNlcj{number}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{number}?v=4",
        "gravatar_id": "",
        "url": base,
        "html_url": f"https://github.com/{login}",
        "followers_url": f"{base}/followers",
        "following_url": f"{base}/following{{/other_user}}",
        "gists_url": f"{base}/gists{{/gist_id}}",
        "starred_url": f"{base}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{base}/subscriptions",
        "organizations_url": f"{base}/orgs",
        "repos_url": f"{base}/repos",
        "events_url": f"{base}/events{{/privacy}}",
        "received_events_url": f"{base}/received_events",
        "type": "User",
        "site_admin": False,
    }


def review(number: int, login: str, state: str, commit: str = HEAD) -> dict[str, Any]:
    """A review as GitHub's REST API returns it (GET /repos/{o}/{r}/pulls/{n}/reviews)."""
    html = f"https://github.com/{REPO_NAME}/pull/{NUMBER}"
    api = f"https://api.github.com/repos/{REPO_NAME}/pulls/{NUMBER}"
    payload = {
        "id": 80 + number,
        "node_id": f"PRR_kwDOAbc{number}",
        "user": user(login, 1000 + number),
        "body": "同意备案" if state == "APPROVED" else "",
        "state": state,
        "html_url": f"{html}#pullrequestreview-{80 + number}",
        "pull_request_url": api,
        "_links": {"html": {"href": html}, "pull_request": {"href": api}},
        "submitted_at": f"2026-11-24T0{number % 10}:00:00Z",
        "commit_id": commit,
        "author_association": "MEMBER",
    }
    PullRequestReview.model_validate(payload)  # the published model accepts it, or the test fails
    return payload


def serve_reviews(server: HTTPServer, reviews: list[dict[str, Any]]) -> None:
    path = f"/repos/{REPO_NAME}/pulls/{NUMBER}/reviews"
    for page in range(1, len(reviews) // 100 + 2):
        chunk = reviews[(page - 1) * 100 : page * 100]
        server.expect_request(
            path,
            query_string=f"per_page=100&page={page}",
            headers={"Authorization": "Bearer t0ken"},
        ).respond_with_json(chunk)


def approvals(repo: Repo, server: HTTPServer, forge: str = "github", **env: str) -> tuple[int, str]:
    result = run_nmr_process(
        "approvals",
        "--forge",
        forge,
        "--repo",
        REPO_NAME if forge == "github" else "42",
        "--pr",
        str(NUMBER),
        "--head",
        HEAD,
        "--base",
        "main",
        "--api",
        server.url_for("/") if forge == "github" else server.url_for("").rstrip("/"),
        "--root",
        str(repo.root),
        "--today",
        TODAY,
        cwd=repo.root,
        env={"GITHUB_TOKEN": "t0ken", "GITLAB_TOKEN": "t0ken", **env},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.code, result.stdout + result.stderr


@pytest.fixture
def refiled(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.replace(LAW, OLD_ADMIN, NEW_ADMIN)
    append_filing(repo, LAW, "manager-change")
    repo.commit("变更管理员")
    return repo


def test_the_approver_units_approval_on_the_head_passes(
    refiled: Repo, httpserver: HTTPServer
) -> None:
    serve_reviews(
        httpserver, [review(1, "someone", "COMMENTED"), review(2, "xiong-jianguo", "APPROVED")]
    )
    code, out = approvals(refiled, httpserver)
    assert code == 0, out
    assert "✓ 党委组宣部（审批（第五条））：熊建国（xiong-jianguo） 已在最新提交上批准" in out


@pytest.mark.parametrize(
    ("reviews", "why"),
    [
        ([review(1, "xiong-jianguo", "APPROVED", OLD)], "a stale approval of an older commit"),
        (
            [review(1, "xiong-jianguo", "APPROVED"), review(2, "xiong-jianguo", "DISMISSED")],
            "a dismissed approval",
        ),
        (
            [
                review(1, "xiong-jianguo", "APPROVED"),
                review(2, "xiong-jianguo", "CHANGES_REQUESTED"),
            ],
            "changes requested after approving",
        ),
        ([review(1, "mallory", "APPROVED")], "an approval by a login nobody listed"),
        ([review(1, "cai-zihan", "APPROVED")], "the unit's own dean"),
        ([], "no review at all"),
    ],
)
def test_what_does_not_count_as_approval(
    refiled: Repo, httpserver: HTTPServer, reviews: list[dict[str, Any]], why: str
) -> None:
    serve_reviews(httpserver, reviews)
    code, out = approvals(refiled, httpserver)
    assert code == 1, why
    assert (
        "✗ 党委组宣部（审批（第五条））：尚未批准。须由在任审批人 熊建国（xiong-jianguo）、熊浩然（xiong-haoran） 之一在最新提交上批准"
        in out
    )


def test_a_comment_after_approving_keeps_the_approval(
    refiled: Repo, httpserver: HTTPServer
) -> None:
    serve_reviews(
        httpserver, [review(1, "xiong-haoran", "APPROVED"), review(2, "xiong-haoran", "COMMENTED")]
    )
    assert approvals(refiled, httpserver)[0] == 0


def test_reviews_are_read_across_pages(refiled: Repo, httpserver: HTTPServer) -> None:
    noise = [review(n, f"reader-{n}", "COMMENTED") for n in range(1, 101)]
    serve_reviews(httpserver, [*noise, review(101, "xiong-jianguo", "APPROVED")])
    code, out = approvals(refiled, httpserver)
    assert code == 0, out


def test_a_student_organisation_needs_its_guide_unit_too(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    repo = Repo(tmp_path / "repo")
    text = repo.read(UNION)
    repo.write(UNION, text.replace("reply_commitment_days: 3", "reply_commitment_days: 2"))
    repo.commit("答复期限")
    serve_reviews(httpserver, [review(1, "xiong-jianguo", "APPROVED")])
    code, out = approvals(repo, httpserver)
    assert code == 1
    assert "✓ 党委组宣部" in out
    assert (
        "✗ 团委（指导校学生会（第七条））：尚未批准。须由在任审批人 汪超（wang-chao）、郭文华（guo-wenhua） 之一"
        in out
    )
    httpserver.clear()
    serve_reviews(
        httpserver, [review(1, "xiong-jianguo", "APPROVED"), review(2, "wang-chao", "APPROVED")]
    )
    code, out = approvals(repo, httpserver)
    assert code == 0, out


def test_a_missing_token_or_an_unreachable_forge_is_exit_2(
    refiled: Repo, httpserver: HTTPServer
) -> None:
    result = run_nmr_process(
        "approvals",
        "--forge",
        "github",
        "--repo",
        REPO_NAME,
        "--pr",
        "7",
        "--head",
        HEAD,
        "--base",
        "main",
        "--root",
        str(refiled.root),
        cwd=refiled.root,
        env={"GITHUB_TOKEN": "", "CI_JOB_TOKEN": ""},
    )
    assert result.code == 2 and "缺少环境变量 GITHUB_TOKEN" in result.stderr
    httpserver.expect_request(f"/repos/{REPO_NAME}/pulls/{NUMBER}/reviews").respond_with_data(
        "no", 500
    )
    code, out = approvals(refiled, httpserver)
    assert code == 2 and "读取 GitHub 审查记录失败" in out


# ---- GitLab, through python-gitlab


def merge_request(sha: str) -> dict[str, Any]:
    """GET /projects/:id/merge_requests/:iid, as GitLab returns it (the fields python-gitlab keeps)."""
    return {
        "id": 9001,
        "iid": NUMBER,
        "project_id": 42,
        "title": "法学院微信公众号：变更管理员",
        "state": "opened",
        "source_branch": "pr",
        "target_branch": "main",
        "sha": sha,
        "author": {"id": 5, "username": "law-secretary", "name": "郝军"},
        "web_url": "https://git.example.edu.cn/culr/registry/-/merge_requests/7",
    }


def gitlab_approvals(*usernames: str) -> dict[str, Any]:
    """GET /projects/:id/merge_requests/:iid/approvals."""
    return {
        "id": 9001,
        "iid": NUMBER,
        "project_id": 42,
        "approved": bool(usernames),
        "approvals_required": 0,
        "approvals_left": 0,
        "approved_by": [
            {"user": {"id": 100 + n, "username": name, "name": name, "state": "active"}}
            for n, name in enumerate(usernames)
        ],
    }


def serve_gitlab(server: HTTPServer, sha: str, *usernames: str) -> None:
    mr = f"/api/v4/projects/42/merge_requests/{NUMBER}"
    server.expect_request(mr, headers={"PRIVATE-TOKEN": "t0ken"}).respond_with_json(
        merge_request(sha)
    )
    server.expect_request(f"{mr}/approvals").respond_with_json(gitlab_approvals(*usernames))


def test_gitlab_approval_by_a_listed_username_passes(refiled: Repo, httpserver: HTTPServer) -> None:
    serve_gitlab(httpserver, HEAD, "xiongjianguo")
    code, out = approvals(refiled, httpserver, "gitlab")
    assert code == 0, out
    assert "熊建国（xiongjianguo） 已在最新提交上批准" in out


def test_gitlab_unlisted_or_stale_approvals_fail(refiled: Repo, httpserver: HTTPServer) -> None:
    serve_gitlab(httpserver, HEAD, "mallory")
    assert approvals(refiled, httpserver, "gitlab")[0] == 1
    httpserver.clear()
    serve_gitlab(httpserver, OLD, "xiongjianguo")  # the pipeline's commit is no longer the head
    code, out = approvals(refiled, httpserver, "gitlab")
    assert code == 1 and "✗ 党委组宣部" in out


def test_replayed_payloads_are_json_the_clients_accept() -> None:
    import gitlab
    from gitlab.v4 import objects

    project = gitlab.Gitlab("https://git.example.edu.cn").projects.get(42, lazy=True)
    request = objects.ProjectMergeRequest(project.mergerequests, merge_request(HEAD))
    approval = objects.ProjectMergeRequestApproval(
        request.approvals, gitlab_approvals("xiongjianguo")
    )
    assert request.sha == HEAD and approval.approved_by[0]["user"]["username"] == "xiongjianguo"
    assert json.loads(json.dumps(review(1, "x", "APPROVED")))["_links"]


def test_the_approvals_workflow_runs_against_the_forge(
    refiled: Repo, httpserver: HTTPServer
) -> None:
    """The workflow's own steps, as GitHub would run them (the API is the local server)."""
    import subprocess

    import yaml

    from tests.conftest import REPO, tool_env

    workflow = yaml.safe_load((REPO / ".github/workflows/approvals.yml").read_text("utf-8"))
    assert set(workflow[True]) == {"pull_request", "pull_request_review"}  # `on:` reads as True
    assert "edited" in workflow[True]["pull_request"]["types"]
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "read"}
    steps = workflow["jobs"]["approvals"]["steps"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert 'git archive "origin/${BASE_REF}"' in install["run"]  # the base branch's tool
    serve_reviews(httpserver, [review(1, "xiong-jianguo", "APPROVED")])
    values = {
        "${{ github.token }}": "t0ken",
        "${{ github.repository }}": REPO_NAME,
        "${{ github.event.pull_request.number }}": str(NUMBER),
        "${{ github.event.pull_request.head.sha }}": HEAD,
        "${{ github.event.pull_request.base.ref }}": "main",
    }
    refiled.git("update-ref", "refs/remotes/origin/main", "main")
    step = steps[-1]
    env = tool_env(GITHUB_API_URL=httpserver.url_for("/").rstrip("/"))
    env |= {key: values[value] for key, value in step["env"].items()}
    assert "${{" not in step["run"]
    done = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", step["run"]],
        cwd=refiled.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ 党委组宣部" in done.stdout
