"""status-transition: status moves only along the paths the Measures allow.

active → rectifying (年审不合格，整改), rectifying → active (整改合格), rectifying → closed and
active → closed (注销, {art_annual_review}、{art_closure}). A closed account comes back only with a new filing in
the same change: reopening is registering again ({art_filing}).

PASS (年检不合格，转入整改)::

    # base: law-weibo
    -status: active
    +status: rectifying

FAIL (已开通的账号退回“拟开通”)::

    # base: law-weibo
    -status: active
    +status: proposed
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    STATUS,
    ChangeSet,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    change_rule,
    shown,
)

STATUS_MOVES_ALONG_ALLOWED_PATHS = Template(
    "status-transition.status-moves-along-allowed-paths",
    "状态只能按规定变化；注销账号重新启用须重新备案",
    "status moves along allowed paths",
)
REOPENING_CLOSED_ACCOUNT_NEEDS_NEW = Template(
    "status-transition.reopening-closed-account-needs-new",
    "已注销的账号重新启用须重新备案：在 filings 末尾追加一条备案，并删除 closure。",
    "Reopening a closed account needs a new filing appended, and closure removed.",
)
ALLOWED_ACTIVE_RECTIFYING_ACTIVE_CLOSED = Template(
    "status-transition.allowed-active-rectifying-active-closed",
    "允许的变化：active → rectifying → active/closed，active → closed。",
    "Allowed: active → rectifying → active/closed, active → closed.",
)
STATUS_CHANGED_FROM = Template(
    "status-transition.status-changed-from",
    "状态由{before_zh}改为{after_zh}，不符合规定",
    "status changed from {before} to {after}",
)

INFO = RuleInfo(
    "status-transition",
    "annual-review",
    Severity.ERROR,
    STATUS_MOVES_ALONG_ALLOWED_PATHS(),
)

ALLOWED = {
    ("active", "rectifying"),
    ("rectifying", "active"),
    ("rectifying", "closed"),
    ("active", "closed"),
}


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    for item in change.accounts:
        if item.old is None or item.new is None:
            continue
        before, after = item.old.status, item.new.account.status
        if before == after or (before, after) in ALLOWED:
            continue
        refiled = len(item.new.account.filings) > len(item.old.filings)
        if before == "closed" and refiled:
            continue
        hint = (
            REOPENING_CLOSED_ACCOUNT_NEEDS_NEW()
            if before == "closed"
            else ALLOWED_ACTIVE_RECTIFYING_ACTIVE_CLOSED()
        )
        yield item.new.at(
            INFO,
            ("status",),
            STATUS_CHANGED_FROM(
                before=before,
                after=after,
                before_zh=shown(STATUS, before),
                after_zh=shown(STATUS, after),
            ),
            hint,
        )


RULE = change_rule(INFO, check, __doc__)
