"""``nmr approvals``: the required status check that the approvers really approved.

CODEOWNERS can ask several teams for a review but lets any one of them satisfy it. This
check reads the pull request's reviews from the forge and passes only when every approver
the Measures require for the touched accounts has approved the latest commit from a login
``policy/units.yaml`` lists for them: the approver unit always (第五条); the guide units
(学生处/团委) beside it for student organisations (第七条).

GitHub is read over its REST API with the workflow's read-only token; GitLab through
python-gitlab. A review counts when its author's latest decision (approve, request
changes, dismissed) is an approval of the head commit.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from nmr.engine.base import ChangeSet
from nmr.engine.office import routes
from nmr.engine.registry import Registry
from nmr.schemas.errors import NmrError
from nmr.schemas.models import Unit
from nmr.schemas.text import Template, art

READING_REVIEWS_FAILED = Template(
    "render.approvals.reading-reviews-failed",
    "读取 GitHub 审查记录失败：{error}",
    "reading the reviews failed: {error}",
)
UNEXPECTED_REVIEWS_PAYLOAD = Template(
    "render.approvals.unexpected-reviews-payload",
    "GitHub 返回的审查记录格式不对。",
    "unexpected reviews payload",
)
READING_APPROVALS_FAILED = Template(
    "render.approvals.reading-approvals-failed",
    "读取 GitLab 审批记录失败：{error}",
    "reading the approvals failed: {error}",
)

DECISIONS = ("APPROVED", "CHANGES_REQUESTED", "DISMISSED")  # COMMENTED changes nothing
PAGE = 100


@dataclass(frozen=True, slots=True)
class Required:
    """One unit whose approval the change needs, and the logins that may give it."""

    unit: Unit
    why: str
    logins: dict[str, str]  # login → the approver's name


ROUTE_REASON = {
    "parent": lambda name: f"上级单位，{name}的账号先经上级单位同意（{art('unit-kinds')}）",
    "guide": lambda name: f"指导{name}（{art('student-org-guidance')}）",
}


def required(change: ChangeSet, registry: Registry, today: dt.date, forge: str) -> list[Required]:
    """Who must approve this change, in the order the reviewer reads them."""
    policy = registry.policy
    touched: list[str] = []
    for item in change.accounts:
        for record in (item.new.account if item.new else None, item.old):
            if record is not None and record.unit not in touched:
                touched.append(record.unit)
    if not touched and not change.units_changed and not change.policy_changed:
        return []
    wanted: list[tuple[str, str]] = [(policy.approver_unit, f"审批（{art('filing')}）")]
    for unit_id in touched:
        unit = registry.unit(unit_id)
        if unit is None:
            continue
        for other, route in routes(registry, unit):
            wanted.append((other.id, ROUTE_REASON[route](unit.name)))
    out: list[Required] = []
    for unit_id, why in wanted:
        unit = registry.unit(unit_id)
        if unit is None or any(r.unit.id == unit_id for r in out):
            continue
        logins = {
            login: person.name
            for person in unit.approvers
            if person.in_office(today) and (login := getattr(person, forge)) is not None
        }
        out.append(Required(unit, why, logins))
    return out


def _get(url: str, token: str) -> object:
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "nmr-approvals",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise NmrError(READING_REVIEWS_FAILED(error=error)) from None


def github_approvals(api: str, repo: str, number: int, head: str, token: str) -> set[str]:
    """Logins whose latest decision is an approval of ``head``."""
    latest: dict[str, tuple[str, str]] = {}
    page = 1
    while True:
        url = f"{api.rstrip('/')}/repos/{repo}/pulls/{number}/reviews?per_page={PAGE}&page={page}"
        reviews = _get(url, token)
        if not isinstance(reviews, list):
            raise NmrError(UNEXPECTED_REVIEWS_PAYLOAD())
        for review in reviews:
            user = review.get("user") or {}
            state = review.get("state")
            if isinstance(user, dict) and state in DECISIONS:
                latest[str(user.get("login"))] = (str(state), str(review.get("commit_id")))
        if len(reviews) < PAGE:
            break
        page += 1
    return {
        login for login, (state, commit) in latest.items() if state == "APPROVED" and commit == head
    }


def gitlab_approvals(api: str, project: str, iid: int, head: str, token: str) -> set[str]:
    """Usernames that approved the merge request, if its head is still ``head``."""
    import gitlab
    import gitlab.exceptions

    try:
        client = gitlab.Gitlab(api, private_token=token, timeout=60)
        request = client.projects.get(project, lazy=True).mergerequests.get(iid)
        if request.sha != head:
            return set()  # approvals belong to another commit: never count them
        approvals = request.approvals.get()
        return {entry["user"]["username"] for entry in approvals.approved_by}
    except (gitlab.exceptions.GitlabError, KeyError, TypeError) as error:
        raise NmrError(READING_APPROVALS_FAILED(error=error)) from None


def report(needed: Iterable[Required], approved: set[str]) -> tuple[bool, list[str]]:
    """Whether every required unit approved, and one line per unit saying how."""
    lines: list[str] = []
    ok = True
    for item in needed:
        by = [login for login in item.logins if login in approved]  # in units.yaml order
        if by:
            names = "、".join(f"{item.logins[login]}（{login}）" for login in by)
            lines.append(f"✓ {item.unit.name}（{item.why}）：{names} 已在最新提交上批准")
            continue
        ok = False
        listed = "、".join(f"{name}（{login}）" for login, name in item.logins.items())
        lines.append(
            f"✗ {item.unit.name}（{item.why}）：尚未批准。须由在任审批人 {listed or '（policy/units.yaml 未登记）'} "
            "之一在最新提交上批准；提交新的修改后需要重新批准。"
        )
    return ok, lines
