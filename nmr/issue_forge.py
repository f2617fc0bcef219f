"""Deliver ``nmr from-issue`` on a forge (GitHub or GitLab): the record on a branch named
after the issue, a pull/merge request linked both ways, one comment on the issue (updated in
place), the 待补正 label, and where the forge needs it the required check's status.

The token reaches git only through the environment (an ``http.extraheader`` config entry),
never a command line; the branch name and the commit message are made of the issue number
and validated ids only.
"""

from __future__ import annotations

import base64
import os
import subprocess
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from nmr.from_issue import FIX_LABEL, Outcome
from nmr.schemas.errors import NmrError
from nmr.schemas.text import Template

GIT_FAILED = Template(
    "issue-forge.git-failed", "git {step} 失败：{error}", "git {step} failed: {error}"
)


class Forge(Protocol):
    @property
    def token(self) -> str: ...
    @property
    def git_user(self) -> str: ...  # the user name git authenticates as with the token

    def comment(self, number: int, body: str) -> None: ...
    def label(self, number: int, name: str, *, present: bool) -> None: ...
    def pull_url(self, branch: str, base: str, title: str, body: str) -> str: ...
    def status(self, sha: str, state: str, description: str, target: str | None) -> None: ...


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False, env=env, timeout=300
    )
    if completed.returncode != 0:
        raise NmrError(GIT_FAILED(step=args[0], error=completed.stderr.strip()[-300:]))
    return completed.stdout.strip()


def _auth_env(token: str, user: str, remote_url: str) -> dict[str, str]:
    """git's environment with the token as an HTTP header for an https remote (never argv)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    parts = urllib.parse.urlsplit(remote_url)
    if token and parts.scheme == "https":
        basic = base64.b64encode(f"{user}:{token}".encode()).decode()
        env |= {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"http.{parts.scheme}://{parts.netloc}/.extraheader",
            "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {basic}",
        }
    return env


def publish(root: Path, branch: str, path: str, message: str, forge: Forge) -> str:
    """Commit ``path`` on ``branch`` (from the checked-out base) and force-push it: the
    branch always holds exactly what the issue says now. The head's sha."""
    _git(root, "checkout", "-q", "-B", branch)
    _git(root, "add", "--", path)
    _git(
        root,
        "-c",
        "user.name=nmr",
        "-c",
        "user.email=nmr-bot@noreply.invalid",
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
        env=_auth_env(forge.token, forge.git_user, remote),
    )
    return _git(root, "rev-parse", "HEAD")


def deliver(
    forge: Forge,
    root: Path,
    number: int,
    base: str,
    outcome: Outcome,
    comment: Callable[[Outcome, str | None], str],
    check: Callable[[str], tuple[bool, str]],
) -> list[str]:
    """Everything the forge sees of one outcome; what was done, for the log."""
    if not outcome.ok or outcome.path is None:
        forge.comment(number, comment(outcome, None))
        if outcome.form:
            forge.label(number, FIX_LABEL, present=True)
        return ["已在 issue 中列出问题，并加上“待补正”标签"]
    branch = f"issue-{number}"
    sha = publish(
        root,
        branch,
        outcome.path,
        f"{outcome.form}：{outcome.account}（issue #{number}）",
        forge,
    )
    passed, summary = check(base)
    title = f"【{outcome.form}】{outcome.account}"
    body = f"{summary}\n\n由 issue #{number} 的表单生成；修改请编辑该 issue，本合并请求会随之更新。\n\nCloses #{number}\n"
    url = forge.pull_url(branch, base, title, body)
    forge.status(
        sha,
        "success" if passed else "failure",
        "按《实施办法》检查通过" if passed else "检查未通过：见合并请求中的摘要",
        url or None,
    )
    forge.comment(number, comment(outcome, url))
    forge.label(number, FIX_LABEL, present=False)
    return [f"已更新分支 {branch} 和合并请求 {url}"]
