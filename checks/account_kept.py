"""account-kept: an account file is never deleted or renamed; accounts are closed.

The registry must never lose an account's history ({art_filing} 备案, {art_closure} 关闭): an account that
stops is kept with ``status: closed`` and a ``closure``, so an old name can never pass for
official again. Its ``id`` is permanent. Moving the file to another unit's folder, keeping its
name, is how a change of host unit looks (filed as ``unit-change``).

PASS (修改记录，文件还在原处)::

    # base: law-weibo
    -reply_commitment_days: 3
    +reply_commitment_days: 2

FAIL (改了文件名，也就改了 id)::

    # base: law-weibo
    # was: accounts/law/law-weibo-old.yaml
    # path: accounts/law/law-weibo-new.yaml
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    ChangeSet,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    change_rule,
    is_account_path,
    stem_of,
)

ACCOUNT_FILES_NEVER_DELETED_OR = Template(
    "account-kept.account-files-never-deleted-or",
    "账号记录不得删除或改名，停用请注销",
    "account files are never deleted or renamed",
)
ACCOUNT_RECORD_WAS_DELETED = Template(
    "account-kept.account-record-was-deleted",
    "删除了账号记录 {path}",
    "the account record {path} was deleted",
)
RESTORE_FILE_RETIRE_ACCOUNT_SET = Template(
    "account-kept.restore-file-retire-account-set",
    "恢复该文件（git checkout 基准分支 -- 路径）；账号停用请改为 status: closed 并填写 closure（{art_closure}）。",
    "Restore the file; to retire the account set status: closed and add closure.",
)
WAS_MOVED_OUT_CHECKED_LAYOUT = Template(
    "account-kept.was-moved-out-checked-layout",
    "账号记录 {old_path} 被移到 {path}，不再受检查：等于删除",
    "{old_path} was moved to {path}, out of the checked layout",
)
MOVE_IT_BACK_RETIRE_IT = Template(
    "account-kept.move-it-back-retire-it",
    "把文件移回 {old_path}；账号停用请改为 status: closed 并填写 closure（{art_closure}）。",
    "Move it back to {old_path}; to retire it set status: closed.",
)
WAS_RENAMED_ID_NEVER_CHANGES = Template(
    "account-kept.was-renamed-id-never-changes",
    "账号文件由 {old_path} 改名为 {path}：id 不能改变",
    "{old_path} was renamed to {path}: an id never changes",
)
RENAME_IT_BACK_CHANGE_NAME = Template(
    "account-kept.rename-it-back-change-name",
    "把文件名和 id 改回 {stem_of}；昵称变化只改 name。",
    "Rename it back to {stem_of}; change name instead.",
)

INFO = RuleInfo(
    "account-kept",
    "filing",
    Severity.ERROR,
    ACCOUNT_FILES_NEVER_DELETED_OR(),
)


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    for item in change.accounts:
        if item.status == "deleted":
            yield INFO.finding(
                item.path,
                1,
                1,
                None,
                ACCOUNT_RECORD_WAS_DELETED(path=item.path),
                RESTORE_FILE_RETIRE_ACCOUNT_SET(),
            )
        elif item.status == "renamed" and item.old_path and not is_account_path(item.path):
            yield INFO.finding(
                item.path,
                1,
                1,
                None,
                WAS_MOVED_OUT_CHECKED_LAYOUT(old_path=item.old_path, path=item.path),
                MOVE_IT_BACK_RETIRE_IT(old_path=item.old_path),
            )
        elif (
            item.status == "renamed"
            and item.old_path
            and stem_of(item.old_path) != stem_of(item.path)
        ):
            yield INFO.finding(
                item.path,
                1,
                1,
                "id",
                WAS_RENAMED_ID_NEVER_CHANGES(old_path=item.old_path, path=item.path),
                RENAME_IT_BACK_CHANGE_NAME(stem_of=stem_of(item.old_path)),
            )


RULE = change_rule(INFO, check, __doc__)
