"""第五条 account-kept: an account file is never deleted or renamed; accounts are closed.

The registry must never lose an account's history (第五条 备案, 第十四条 关闭): an account that
stops is kept with ``status: closed`` and a ``closure``, so an old name can never pass for
official again. Its ``id`` is permanent. Moving the file to another unit's folder, keeping its
name, is how a change of host unit looks (filed as ``unit-change``).

PASS (the change)::

    M accounts/law/law-wechat.yaml          (status: closed, closure: …)
    R accounts/law/x.yaml → accounts/business/x.yaml

FAIL::

    D accounts/law/law-wechat.yaml
    R accounts/law/law-wechat.yaml → accounts/law/law-weixin.yaml
    R accounts/law/law-wechat.yaml → accounts/.archive/law-wechat.yaml   # hidden away
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    ChangeSet,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    change_rule,
    is_account_path,
    stem_of,
)

INFO = RuleInfo(
    "account-kept",
    5,
    Severity.ERROR,
    Msg("账号记录不得删除或改名，停用请注销", "account files are never deleted or renamed"),
)


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    for item in change.accounts:
        if item.status == "deleted":
            yield INFO.finding(
                item.path,
                1,
                1,
                None,
                Msg(f"删除了账号记录 {item.path}", f"the account record {item.path} was deleted"),
                Msg(
                    "恢复该文件（git checkout 基准分支 -- 路径）；账号停用请改为 status: closed 并填写 closure（第十四条）。",
                    "Restore the file; to retire the account set status: closed and add closure.",
                ),
            )
        elif item.status == "renamed" and item.old_path and not is_account_path(item.path):
            yield INFO.finding(
                item.path,
                1,
                1,
                None,
                Msg(
                    f"账号记录 {item.old_path} 被移到 {item.path}，不再受检查：等于删除",
                    f"{item.old_path} was moved to {item.path}, out of the checked layout",
                ),
                Msg(
                    f"把文件移回 {item.old_path}；账号停用请改为 status: closed 并填写 closure（第十四条）。",
                    f"Move it back to {item.old_path}; to retire it set status: closed.",
                ),
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
                Msg(
                    f"账号文件由 {item.old_path} 改名为 {item.path}：id 不能改变",
                    f"{item.old_path} was renamed to {item.path}: an id never changes",
                ),
                Msg(
                    f"把文件名和 id 改回 {stem_of(item.old_path)}；昵称变化只改 name。",
                    f"Rename it back to {stem_of(item.old_path)}; change name instead.",
                ),
            )


RULE = change_rule(INFO, check, __doc__)
