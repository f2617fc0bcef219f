"""第五条/第六条 history-append-only: filings and annual reviews are only ever appended to.

The ``filings`` (第五条) and ``annual_reviews`` (第六条) lists are the audit trail: compared
with the merge base, an earlier entry is never edited or removed. Filling in a field that was
empty (the approval that 党委组宣部 records when it approves) is not an edit.

PASS (the change)::

     filings:
       - {filed_on: 2016-06-10, …, approved_by: 熊建国, approved_on: 2016-06-15}
    +  - {filed_on: 2026-11-20, reason: manager-change, …}

FAIL::

    -  - {filed_on: 2016-06-10, …}
    +  - {filed_on: 2016-06-01, …}      # history rewritten
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from nmr.engine.api import (
    AccountChange,
    ChangeSet,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    change_rule,
)

INFO = RuleInfo(
    "history-append-only",
    5,
    Severity.ERROR,
    Msg("备案和年检记录只能追加，不能修改或删除", "filings and reviews are append-only"),
)

# Fields a reviewer fills in later: None → value is recording, not rewriting.
FILLABLE = {"approved_by", "approved_on", "ref", "result", "reviewed_by", "reviewed_on", "note"}
LISTS = {
    "filings": (5, "备案记录", "filing"),
    "annual_reviews": (6, "年度检查记录", "annual review"),
}


def _entries(records: Sequence[Any]) -> list[dict[str, Any]]:
    return [record.model_dump() for record in records]


def _check_list(item: AccountChange, key: str) -> Iterator[Finding]:
    assert item.old is not None and item.new is not None
    article, zh, en = LISTS[key]
    info = RuleInfo(INFO.id, article, INFO.severity, INFO.title)
    old, new = _entries(getattr(item.old, key)), _entries(getattr(item.new.account, key))
    if len(new) < len(old):
        yield item.new.at(
            info,
            (key,),
            Msg(f"删除了 {len(old) - len(new)} 条{zh}", f"{len(old) - len(new)} {en}(s) removed"),
            Msg(
                f"{zh}只能在末尾追加，请恢复被删除的记录。",
                f"Restore the removed {en}s: the list is append-only.",
            ),
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
                Msg(
                    f"修改了第 {index + 1} 条{zh}的 {field}（原为 {value}）",
                    f"{en} {index + 1}: {field} was changed (was {value})",
                ),
                Msg(
                    f"已有的{zh}不能修改：恢复原值；情况有变时在末尾追加一条新记录。",
                    f"Restore the original value; append a new {en} instead.",
                ),
            )


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    for item in change.accounts:
        if item.old is None or item.new is None:
            continue
        for key in LISTS:
            yield from _check_list(item, key)


RULE = change_rule(INFO, check, __doc__)
