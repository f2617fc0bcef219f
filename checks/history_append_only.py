"""history-append-only: filings and annual reviews are only ever appended to.

The ``filings`` ({art_filing}) and ``annual_reviews`` ({art_annual_review}) lists are the audit trail: compared
with the merge base, an earlier entry is never edited or removed. Filling in a field that was
empty (the approval that {approver} records when it approves) is not an edit.

PASS (在末尾追加一条备案)::

    # base: law-weibo
         approved_on: 2019-02-25
    +  - {filed_on: 2026-11-20, reason: manager-change, signed_by: 蔡子涵, sealed: true}

FAIL (改写了已有备案的日期)::

    # base: law-weibo
    -  - filed_on: 2019-02-20
    +  - filed_on: 2019-02-01
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from nmr.engine.api import (
    AccountChange,
    ChangeSet,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    change_rule,
)

FILINGS_AND_REVIEWS_APPEND_ONLY = Template(
    "history-append-only.filings-and-reviews-append-only",
    "备案和年检记录只能追加，不能修改或删除",
    "filings and reviews are append-only",
)
S_REMOVED = Template(
    "history-append-only.s-removed", "删除了 {value} 条{what}", "{value} {what}(s) removed"
)
RESTORE_REMOVED_S_LIST_APPEND = Template(
    "history-append-only.restore-removed-s-list-append",
    "{what}只能在末尾追加，请恢复被删除的记录。",
    "Restore the removed {what}s: the list is append-only.",
)
WAS_CHANGED_WAS = Template(
    "history-append-only.was-changed-was",
    "修改了第 {value} 条{what}的 {field}（原为 {value_2}）",
    "{what} {value}: {field} was changed (was {value_2})",
)
RESTORE_ORIGINAL_VALUE_APPEND_NEW = Template(
    "history-append-only.restore-original-value-append-new",
    "已有的{what}不能修改：恢复原值；情况有变时在末尾追加一条新记录。",
    "Restore the original value; append a new {what} instead.",
)

INFO = RuleInfo(
    "history-append-only",
    "re-filing",
    Severity.ERROR,
    FILINGS_AND_REVIEWS_APPEND_ONLY(),
)

# Fields a reviewer fills in later: None → value is recording, not rewriting.
FILLABLE = {"approved_by", "approved_on", "ref", "result", "reviewed_by", "reviewed_on", "note"}
REVIEWS = RuleInfo(INFO.id, "annual-review", INFO.severity, INFO.title)
LISTS = {
    "filings": (INFO, Template("history-append-only.filings", "备案记录", "filing")),
    "annual_reviews": (
        REVIEWS,
        Template("history-append-only.annual-reviews", "年度检查记录", "annual review"),
    ),
}


def _entries(records: Sequence[Any]) -> list[dict[str, Any]]:
    return [record.model_dump() for record in records]


def _check_list(item: AccountChange, key: str) -> Iterator[Finding]:
    assert item.old is not None and item.new is not None
    info, label = LISTS[key]
    what = label()
    old, new = _entries(getattr(item.old, key)), _entries(getattr(item.new.account, key))
    if len(new) < len(old):
        yield item.new.at(
            info,
            (key,),
            S_REMOVED(value=len(old) - len(new), what=what),
            RESTORE_REMOVED_S_LIST_APPEND(what=what),
            on_key=True,
        )
        return  # later entries shifted up: comparing them field by field would only echo this
    for index, (before, after) in enumerate(zip(old, new, strict=False)):
        for field, value in before.items():
            if after.get(field) == value or (value is None and field in FILLABLE):
                continue
            yield item.new.at(
                info,
                (key, index, field),
                WAS_CHANGED_WAS(value=index + 1, what=what, field=field, value_2=value),
                RESTORE_ORIGINAL_VALUE_APPEND_NEW(what=what),
            )


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    for item in change.accounts:
        if item.old is None or item.new is None:
            continue
        for key in LISTS:
            yield from _check_list(item, key)


RULE = change_rule(INFO, check, __doc__, REVIEWS)
