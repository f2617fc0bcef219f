"""Keep exactly one open GitHub issue per unit with something due (``nmr due --sync-issues``).

Talks to GitHub through the ``gh`` command line (GH_TOKEN in the workflow), so the tests can
put a stand-in ``gh`` on PATH that records every call. Each issue carries a hidden marker
with the unit id; titles may be edited by people without breaking the link.

The job acts only on issues its own account opened (``NMR_BOT_LOGIN``, by default the
workflow's ``github-actions`` app): anyone can open an issue with the label and a copied
marker, and must not be able to make the job close or rewrite the real reminder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template

GH_FAILED = Template(
    "render.issues.gh-failed", "gh {args} 失败：{strip}", "gh {args} failed: {strip}"
)
GH_COMMAND_GITHUB_CLI_NOT = Template(
    "render.issues.gh-command-github-cli-not",
    "找不到 gh 命令（GitHub CLI）。",
    "the gh command (GitHub CLI) is not installed.",
)

LABEL = "新媒体备案提醒"
MARKER = re.compile(r"<!-- nmr-due:([a-z0-9-]+) -->")  # a unit id, or the approver's desk
CLOSING_NOTE = "各项事项已办结（或已不再到期），自动关闭。"
DEFAULT_BOT = "app/github-actions"  # how gh names the workflow token's author


@dataclass(frozen=True, slots=True)
class Wanted:
    unit: str
    title: str
    body: str


def _gh(args: Sequence[str], stdin: str | None = None, gh: str = "gh") -> str:
    try:
        completed = subprocess.run(
            [gh, *args], input=stdin, capture_output=True, text=True, check=False, timeout=120
        )
    except FileNotFoundError:
        raise NmrError(GH_COMMAND_GITHUB_CLI_NOT()) from None
    if completed.returncode != 0:
        raise NmrError(GH_FAILED(args=" ".join(args[:2]), strip=completed.stderr.strip()))
    return completed.stdout


class Tracker(Protocol):
    """The four things the reminders need from a forge's issues."""

    def open_issues(self) -> list[dict[str, object]]: ...  # number, title, body, author login
    def create(self, title: str, body: str) -> None: ...
    def edit(self, number: int, title: str, body: str) -> None: ...
    def close(self, number: int, note: str) -> None: ...


class GhTracker:
    """GitHub through the gh command line (GH_TOKEN in the workflow)."""

    def __init__(self, gh: str = "gh") -> None:
        self.gh = gh
        _gh(
            [
                "label",
                "create",
                LABEL,
                "--color",
                "D93F0B",
                "--description",
                "新媒体备案到期提醒",
                "--force",
            ],
            gh=gh,
        )

    def open_issues(self) -> list[dict[str, object]]:
        fields = "number,title,body,author"
        listing = _gh(
            [
                "issue",
                "list",
                "--label",
                LABEL,
                "--state",
                "open",
                "--json",
                fields,
                "--limit",
                "1000",
            ],
            gh=self.gh,
        )
        issues = json.loads(listing or "[]")
        bot = os.environ.get("NMR_BOT_LOGIN", DEFAULT_BOT)
        return [
            {**issue, "ours": (issue.get("author") or {}).get("login") == bot} for issue in issues
        ]

    def create(self, title: str, body: str) -> None:
        _gh(
            ["issue", "create", "--title", title, "--label", LABEL, "--body-file", "-"],
            body,
            gh=self.gh,
        )

    def edit(self, number: int, title: str, body: str) -> None:
        _gh(["issue", "edit", str(number), "--title", title, "--body-file", "-"], body, gh=self.gh)

    def close(self, number: int, note: str) -> None:
        _gh(["issue", "close", str(number), "--comment", note], gh=self.gh)


def sync(
    wanted: Sequence[Wanted], keep_open: set[str] | None = None, tracker: Tracker | None = None
) -> list[str]:
    """Open, update or close issues so that each unit in ``wanted`` has exactly one.

    Units in ``keep_open`` (whose records could not be read) keep their issue open. Only
    issues the job's own account opened count (``ours``). Returns what was done.
    """
    tracker = tracker or GhTracker()
    done: list[str] = []
    open_by_unit: dict[str, list[dict[str, object]]] = {}
    for issue in sorted(tracker.open_issues(), key=lambda issue: int(str(issue["number"]))):
        match = MARKER.search(str(issue.get("body") or ""))
        if match and issue.get("ours"):
            open_by_unit.setdefault(match.group(1), []).append(issue)
    for item in wanted:
        issues = open_by_unit.pop(item.unit, [])
        if not issues:
            tracker.create(item.title, item.body)
            done.append(f"opened {item.unit}")
            continue
        first, *extra = issues
        number = int(str(first["number"]))
        if (
            str(first.get("body") or "").strip() != item.body.strip()
            or first.get("title") != item.title
        ):
            tracker.edit(number, item.title, item.body)
            done.append(f"updated {item.unit} #{number}")
        for duplicate in extra:
            tracker.close(int(str(duplicate["number"])), f"与 #{number} 重复。")
            done.append(f"closed duplicate {item.unit} #{duplicate['number']}")
    for unit, issues in open_by_unit.items():
        if unit in (keep_open or set()):
            done.append(f"kept {unit}: unreadable records")
            continue
        for issue in issues:
            tracker.close(int(str(issue["number"])), CLOSING_NOTE)
            done.append(f"closed {unit} #{issue['number']}")
    return done


class GitLabTracker:
    """GitLab through its API (python-gitlab; GITLAB_TOKEN, a project token with api scope)."""

    def __init__(self, api: str, project: str, token: str) -> None:
        import gitlab
        import gitlab.exceptions

        self.client = gitlab.Gitlab(api, private_token=token, timeout=60)
        self.project = self.client.projects.get(project, lazy=True)
        self.bot = os.environ.get("NMR_BOT_LOGIN", "")
        try:
            self.project.labels.create({"name": LABEL, "color": "#D93F0B"})
        except gitlab.exceptions.GitlabCreateError as error:
            if error.response_code != 409:  # 409: the label is there already
                raise

    def open_issues(self) -> list[dict[str, object]]:
        if not self.bot:
            self.client.auth()
            self.bot = str(self.client.user.username) if self.client.user is not None else ""
        found = []
        for issue in self.project.issues.list(state="opened", labels=[LABEL], iterator=True):
            author = getattr(issue, "author", {}) or {}
            found.append(
                {
                    "number": issue.iid,
                    "title": issue.title,
                    "body": issue.description or "",
                    "ours": author.get("username") == self.bot,
                }
            )
        return found

    def create(self, title: str, body: str) -> None:
        self.project.issues.create({"title": title, "description": body, "labels": [LABEL]})

    def edit(self, number: int, title: str, body: str) -> None:
        self.project.issues.update(number, {"title": title, "description": body})

    def close(self, number: int, note: str) -> None:
        self.project.issues.get(number, lazy=True).notes.create({"body": note})
        self.project.issues.update(number, {"state_event": "close"})
