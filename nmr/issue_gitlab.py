"""``nmr from-issue --forge gitlab --all``: the scheduled GitLab job that turns every open issue
labelled with a form's name into a merge request, through the API (python-gitlab).

GitLab runs merge-request pipelines for branches a project token pushes, so the check and the
approvals job run as for any merge request; no status is reported here. Each issue starts
from the target branch afresh: the job works in its own CI checkout, where files left by an
issue before are discarded (it refuses to run outside CI for that reason).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nmr.from_issue import MARKER
from nmr.issue_forge import _git
from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template

GITLAB_FAILED = Template(
    "issue-gitlab.failed", "GitLab 接口调用失败：{error}", "the GitLab API failed: {error}"
)
ONLY_IN_CI = Template(
    "issue-gitlab.only-in-ci",
    "--all 只在 GitLab CI 的作业中运行（它会丢弃检出目录 accounts/ 中未提交的文件）。",
    "--all runs only in a GitLab CI job (it discards uncommitted files under accounts/).",
)


@dataclass
class GitLab:
    api: str
    project_id: str
    token: str
    git_user: str = "oauth2"

    def __post_init__(self) -> None:
        import gitlab

        self.client = gitlab.Gitlab(self.api, private_token=self.token, timeout=60)
        self.project = self.client.projects.get(self.project_id, lazy=True)
        self.bot = os.environ.get("NMR_BOT_LOGIN", "")

    def _bot(self) -> str:
        if not self.bot:
            self.client.auth()
            user = self.client.user
            self.bot = str(user.username) if user is not None else ""
        return self.bot

    def issues(self, labels: list[str]) -> Iterator[Any]:
        seen: set[int] = set()
        for label in labels:
            for issue in self.project.issues.list(state="opened", labels=[label], iterator=True):
                if issue.iid not in seen:
                    seen.add(issue.iid)
                    yield issue

    def comment(self, number: int, body: str) -> None:
        issue = self.project.issues.get(number, lazy=True)
        for note in issue.notes.list(iterator=True):
            author = getattr(note, "author", {}) or {}
            if MARKER in str(note.body) and author.get("username") == self._bot():
                note.body = body
                note.save()
                return
        issue.notes.create({"body": body})

    def label(self, number: int, name: str, *, present: bool) -> None:
        change = {"add_labels": name} if present else {"remove_labels": name}
        self.project.issues.update(number, change)

    def pull_url(self, branch: str, base: str, title: str, body: str) -> str:
        found = list(
            self.project.mergerequests.list(source_branch=branch, state="opened", iterator=True)
        )
        if found:
            request = found[0]
            request.title, request.description = title, body
            request.save()
        else:
            request = self.project.mergerequests.create(
                {
                    "source_branch": branch,
                    "target_branch": base,
                    "title": title,
                    "description": body,
                    "remove_source_branch": True,
                }
            )
        return str(request.web_url)

    def status(self, sha: str, state: str, description: str, target: str | None) -> None:
        """Nothing to report: GitLab runs the merge request's own pipeline."""


def each_issue(
    forge: GitLab,
    root: Path,
    base: str,
    labels: list[str],
    handle: Callable[[str, str, list[str], int], list[str]],
) -> list[str]:
    """Run ``handle(body, title, labels, iid)`` for every open form issue, each from the
    target branch afresh."""
    if os.environ.get("GITLAB_CI") != "true":
        raise NmrError(ONLY_IN_CI())
    import gitlab.exceptions

    done: list[str] = []
    try:
        for issue in forge.issues(labels):
            _git(root, "checkout", "-q", "-f", "--detach", f"origin/{base}")
            _git(root, "clean", "-q", "-f", "--", "accounts/")
            issue_labels = [str(label) for label in issue.labels]
            done += handle(str(issue.description or ""), str(issue.title), issue_labels, issue.iid)
    except gitlab.exceptions.GitlabError as error:
        raise NmrError(GITLAB_FAILED(error=error)) from None
    return done
