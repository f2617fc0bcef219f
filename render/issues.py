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


def _ours(issue: dict[str, object]) -> bool:
    author = issue.get("author")
    login = author.get("login") if isinstance(author, dict) else None
    return login == os.environ.get("NMR_BOT_LOGIN", DEFAULT_BOT)


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


def sync(wanted: Sequence[Wanted], keep_open: set[str] | None = None, gh: str = "gh") -> list[str]:
    """Open, update or close issues so that each unit in ``wanted`` has exactly one.

    Units in ``keep_open`` (whose records could not be read) keep their issue open.
    Returns what was done.
    """
    done: list[str] = []
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
    listing = json.loads(
        _gh(
            [
                "issue",
                "list",
                "--label",
                LABEL,
                "--state",
                "open",
                "--json",
                "number,title,body,author",
                "--limit",
                "1000",
            ],
            gh=gh,
        )
        or "[]"
    )
    open_by_unit: dict[str, list[dict[str, object]]] = {}
    for issue in sorted(listing, key=lambda issue: int(issue["number"])):
        match = MARKER.search(str(issue.get("body") or ""))
        if match and _ours(issue):
            open_by_unit.setdefault(match.group(1), []).append(issue)
    for item in wanted:
        issues = open_by_unit.pop(item.unit, [])
        if not issues:
            _gh(
                ["issue", "create", "--title", item.title, "--label", LABEL, "--body-file", "-"],
                item.body,
                gh=gh,
            )
            done.append(f"opened {item.unit}")
            continue
        first, *extra = issues
        if (
            str(first.get("body") or "").strip() != item.body.strip()
            or first.get("title") != item.title
        ):
            _gh(
                ["issue", "edit", str(first["number"]), "--title", item.title, "--body-file", "-"],
                item.body,
                gh=gh,
            )
            done.append(f"updated {item.unit} #{first['number']}")
        for duplicate in extra:
            _gh(
                [
                    "issue",
                    "close",
                    str(duplicate["number"]),
                    "--comment",
                    f"与 #{first['number']} 重复。",
                ],
                gh=gh,
            )
            done.append(f"closed duplicate {item.unit} #{duplicate['number']}")
    for unit, issues in open_by_unit.items():
        if unit in (keep_open or set()):
            done.append(f"kept {unit}: unreadable records")
            continue
        for issue in issues:
            _gh(["issue", "close", str(issue["number"]), "--comment", CLOSING_NOTE], gh=gh)
            done.append(f"closed {unit} #{issue['number']}")
    return done
