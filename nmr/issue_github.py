"""``nmr from-issue`` on GitHub (the REST API): one comment on the issue, the 待补正 label,
the pull request, and the required check's status on the branch's head.

A pull request opened with the workflow's own token starts no other workflow, so the
``检查本次变更`` check never runs on it by itself: this job runs the same check (the tool of
the protected branch, ``nmr check --base``) and reports it as a commit status under the same
name, which branch protection accepts as that required check. Approvals still come from
reviews (``审批人已批准`` runs on review events as ever).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from nmr.from_issue import MARKER
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


@dataclass(frozen=True, slots=True)
class GitHub:
    api: str
    repo: str
    token: str
    git_user: str = "x-access-token"

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

    def pull_url(self, branch: str, base: str, title: str, body: str) -> str:
        """The open pull request from ``branch``, updated, or a new one: its address."""
        owner = self.repo.split("/")[0]
        head = urllib.parse.quote(f"{owner}:{branch}")
        found = self.call("GET", f"/pulls?head={head}&state=open&per_page={PAGE}") or []
        if found:
            number = found[0]["number"]
            pull = self.call("PATCH", f"/pulls/{number}", {"title": title, "body": body})
        else:
            payload = {"title": title, "head": branch, "base": base, "body": body}
            pull = self.call("POST", "/pulls", payload)
        return str((pull or {}).get("html_url") or "")

    def status(self, sha: str, state: str, description: str, target: str | None) -> None:
        payload = {"state": state, "context": CHECK_CONTEXT, "description": description[:140]}
        if target:
            payload["target_url"] = target
        self.call("POST", f"/statuses/{sha}", payload)
