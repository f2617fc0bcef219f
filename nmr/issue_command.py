"""``nmr from-issue``: read the issue (a file, a GitHub event, or GitLab's open form issues),
turn it into the record, let the rules have the last word, and deliver on the forge."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path

from nmr.engine.registry import Registry, require_frame
from nmr.engine.run import check, today_in
from nmr.from_issue import Outcome, comment, from_issue
from nmr.issue_forge import Forge, deliver
from nmr.render.escape import terminal_lines
from nmr.render.forms.render import content_error
from nmr.render.issue_forms import forms
from nmr.render.summary import summary
from nmr.schemas.errors import NmrError
from nmr.schemas.files import Unreadable, read_regular
from nmr.schemas.text import Template, use_policy_names

FORGE_NEEDS_REPO_AND_ISSUE = Template(
    "issue-command.forge-needs-repo-and-issue",
    "--forge 需要同时给出 --repo 和 --issue（GitLab 的定时作业用 --all）",
    "--forge needs --repo and --issue (or --all on GitLab)",
)
CANNOT_READ_BODY = Template(
    "issue-command.cannot-read-body",
    "无法读取 issue 正文 {path}（{problem}）",
    "cannot read the issue body {path} ({problem})",
)


def outcome_of(
    registry: Registry, root: Path, body: str, labels: list[str], title: str, today: dt.date
) -> Outcome:
    outcome = from_issue(registry, body, labels, title, today)
    if outcome.path is not None:  # the record as written: the rules have the last word
        findings = check(root, today, only=[outcome.path], use_cache=False).findings
        # Content errors only: the seal and the approval are what the filing goes out to get.
        outcome.problems += [
            f"{f.path} 第 {f.line} 行：{f.message.zh}（{f.article_text('zh')}）。{f.hint.zh}"
            for f in findings
            if f.path == outcome.path and content_error(f)
        ]
    return outcome


def _issue_text(args: argparse.Namespace) -> tuple[str, str, list[str]]:
    """(body, title, labels) from --event (a GitHub event file) or --body/--title/--label."""
    path = args.event or args.body
    if path is None:
        raise NmrError(CANNOT_READ_BODY(path="--body / --event", problem="missing"))
    try:
        raw = read_regular(path, 1 << 20).decode("utf-8", errors="replace")
    except Unreadable as problem:
        raise NmrError(CANNOT_READ_BODY(path=path, problem=problem.problem)) from None
    if args.event is None:
        return raw, args.title, args.label
    try:
        issue = json.loads(raw)["issue"]
        labels = [str(label["name"]) for label in issue.get("labels") or []]
        if args.issue is None:
            args.issue = int(issue["number"])
        return str(issue.get("body") or ""), str(issue.get("title") or ""), labels
    except (ValueError, KeyError, TypeError):
        raise NmrError(CANNOT_READ_BODY(path=path, problem="not-an-issue-event")) from None


def _forge(args: argparse.Namespace) -> Forge:
    if args.forge == "gitlab":
        from nmr.issue_gitlab import GitLab

        return GitLab(args.api, args.repo, os.environ.get("GITLAB_TOKEN", ""))
    from nmr.issue_github import GitHub

    return GitHub(args.api, args.repo, os.environ.get("GITHUB_TOKEN", ""))


def run(args: argparse.Namespace, pinned: dt.date | None) -> int:
    """``pinned``: --today or NMR_TODAY, as every command reads it; else today in the policy's zone."""
    registry = require_frame(args.root, units=True)
    use_policy_names(registry.names)
    today = pinned or today_in(registry.policy)

    def checked(base: str) -> tuple[bool, str]:
        result = check(args.root, today, base=f"origin/{base}", use_cache=False)
        errors = [f for f in result.findings if f.severity.value == "error"]
        if result.change is None or result.registry is None:
            return not errors, ""
        return not errors, summary(result.change, result.registry, result.findings)

    def handle(body: str, title: str, labels: list[str], number: int | None) -> list[str]:
        outcome = outcome_of(registry, args.root, body, labels, title, today)
        text = comment(outcome, None)
        if args.out is not None:
            result = {
                "ok": outcome.ok,
                "form": outcome.form,
                "path": outcome.path,
                "account": outcome.account,
                "problems": outcome.problems,
                "comment": text,
            }
            args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
        print(terminal_lines(text))
        if args.forge is None:
            return [] if outcome.ok else ["problems"]
        if forge is None or not args.repo or number is None:
            raise NmrError(FORGE_NEEDS_REPO_AND_ISSUE())
        return deliver(forge, args.root, number, args.base, outcome, comment, checked)

    forge = _forge(args) if args.forge is not None else None
    if args.all and args.forge == "gitlab":
        from nmr.issue_gitlab import GitLab, each_issue

        assert isinstance(forge, GitLab)
        names = [form.name for form in forms(registry)]
        for line in each_issue(forge, args.root, args.base, names, handle):
            print(line)
        return 0
    body, title, labels = _issue_text(args)
    done = handle(body, title, labels, args.issue)
    if args.forge is not None:
        for line in done:
            print(line)
        return 0  # delivered: the issue itself tells the unit what to fix
    return 1 if done else 0
