"""Deliver ``nmr from-issue`` on GitHub: the record on a branch named after the issue, a pull
request linked both ways, one comment on the issue (updated in place), the 待补正 label, and
the required check's status on the branch's head.

A pull request opened with the workflow's own token starts no other workflow, so the
``检查本次变更`` check never runs on it by itself: this job runs the same check (the tool of
the protected branch, ``nmr check --base``) and reports it as a commit status under the same
name, which branch protection accepts as that required check. Approvals still come from
reviews (``审批人已批准`` runs on review events as ever).

The token reaches git only through the environment (an ``http.extraheader`` config entry),
never a command line; the branch name and the commit message are made of the issue number
and validated ids only.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nmr.from_issue import FIX_LABEL, MARKER, Outcome
from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template

CHECK_CONTEXT = "检查本次变更"  # the name of check.yml's job: the required status check
DEFAULT_BOT = "github-actions[bot]"
PAGE = 100

FORGE_FAILED = Template(
    "issue-github.forge-failed",
    "GitHub 接口 {method} {path} 失败：{error}",
    "GitHub API {method} {path} failed: {error}",
)
GIT_FAILED = Template(
    "issue-github.git-failed", "git {step} 失败：{error}", "git {step} failed: {error}"
)


@dataclass(frozen=True, slots=True)
class GitHub:
    api: str
    repo: str
    token: str

    def call(self, method: str, path: str, payload: Any = None) -> Any:
        url = f"{self.api.rstrip('/')}/repos/{self.repo}{path}"
        data = None if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        request = urllib.request.Request(
            url,
            data=data,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "nmr-from-issue",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            if method == "DELETE" and error.code == 404:
                return None  # a label that was not there
            raise NmrError(FORGE_FAILED(method=method, path=path, error=error.code)) from None
        except (urllib.error.URLError, TimeoutError) as error:
            raise NmrError(FORGE_FAILED(method=method, path=path, error=error)) from None
        return json.loads(raw) if raw else None

    def comment(self, number: int, body: str) -> None:
        """One comment of ours per issue: edited in place, never a second one. A comment
        someone else wrote with a copied marker is never touched."""
        bot = os.environ.get("NMR_BOT_LOGIN", DEFAULT_BOT)
        page = 1
        while True:
            comments = self.call("GET", f"/issues/{number}/comments?per_page={PAGE}&page={page}")
            for item in comments or []:
                if MARKER in str(item.get("body")) and (item.get("user") or {}).get("login") == bot:
                    self.call("PATCH", f"/issues/comments/{item['id']}", {"body": body})
                    return
            if len(comments or []) < PAGE:
                break
            page += 1
        self.call("POST", f"/issues/{number}/comments", {"body": body})

    def label(self, number: int, name: str, *, present: bool) -> None:
        if present:
            self.call("POST", f"/issues/{number}/labels", {"labels": [name]})
        else:
            self.call("DELETE", f"/issues/{number}/labels/{urllib.parse.quote(name)}")

    def pull(self, branch: str, base: str, title: str, body: str) -> dict[str, Any]:
        """The open pull request from ``branch``, updated, or a new one."""
        owner = self.repo.split("/")[0]
        head = urllib.parse.quote(f"{owner}:{branch}")
        found = self.call("GET", f"/pulls?head={head}&state=open&per_page={PAGE}") or []
        if found:
            number = found[0]["number"]
            return dict(self.call("PATCH", f"/pulls/{number}", {"title": title, "body": body}))
        payload = {"title": title, "head": branch, "base": base, "body": body}
        return dict(self.call("POST", "/pulls", payload))

    def status(self, sha: str, state: str, description: str, target: str | None) -> None:
        payload = {"state": state, "context": CHECK_CONTEXT, "description": description[:140]}
        if target:
            payload["target_url"] = target
        self.call("POST", f"/statuses/{sha}", payload)


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False, env=env, timeout=300
    )
    if completed.returncode != 0:
        raise NmrError(GIT_FAILED(step=args[0], error=completed.stderr.strip()[-300:]))
    return completed.stdout.strip()


def _auth_env(token: str, remote_url: str) -> dict[str, str]:
    """git's environment with the token as an HTTP header for an https remote (never argv)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    parts = urllib.parse.urlsplit(remote_url)
    if token and parts.scheme == "https":
        basic = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        env |= {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"http.{parts.scheme}://{parts.netloc}/.extraheader",
            "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {basic}",
        }
    return env


def publish(root: Path, branch: str, path: str, message: str, token: str) -> str:
    """Commit ``path`` on ``branch`` (from the checked-out base) and force-push it: the
    branch always holds exactly what the issue says now. The head's sha."""
    _git(root, "checkout", "-q", "-B", branch)
    _git(root, "add", "--", path)
    _git(
        root,
        "-c",
        "user.name=nmr",
        "-c",
        "user.email=nmr@users.noreply.github.com",
        "commit",
        "-q",
        "-m",
        message,
    )
    remote = _git(root, "remote", "get-url", "origin")
    _git(
        root,
        "push",
        "-q",
        "--force",
        "origin",
        f"HEAD:refs/heads/{branch}",
        env=_auth_env(token, remote),
    )
    return _git(root, "rev-parse", "HEAD")


def deliver(
    github: GitHub,
    root: Path,
    number: int,
    base: str,
    outcome: Outcome,
    comment: Any,
    check: Any,
) -> list[str]:
    """Everything the forge sees of one outcome; what was done, for the log."""
    if not outcome.ok or outcome.path is None:
        github.comment(number, comment(outcome, None))
        if outcome.form:
            github.label(number, FIX_LABEL, present=True)
        return ["已在 issue 中列出问题，并加上“待补正”标签"]
    branch = f"issue-{number}"
    sha = publish(
        root,
        branch,
        outcome.path,
        f"{outcome.form}：{outcome.account}（issue #{number}）",
        github.token,
    )
    passed, summary = check(base)
    title = f"【{outcome.form}】{outcome.account}"
    body = f"{summary}\n\n由 issue #{number} 的表单生成；修改请编辑该 issue，本合并请求会随之更新。\n\nCloses #{number}\n"
    pull = github.pull(branch, base, title, body)
    github.status(
        sha,
        "success" if passed else "failure",
        "按《实施办法》检查通过" if passed else "检查未通过：见合并请求中的摘要",
        pull.get("html_url"),
    )
    github.comment(number, comment(outcome, pull.get("html_url")))
    github.label(number, FIX_LABEL, present=False)
    return [f"已更新分支 {branch} 和合并请求 {pull.get('html_url')}"]
