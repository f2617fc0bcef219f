"""refile-on-change: a new leader, administrator or host unit is filed again.

{art_re_filing}: a change of the people in charge is filed again with {approver}. Compared with the merge base, a change of any field policy.yaml ``refiling_fields`` lists
(here ``leader`` and ``admins``, by name, and ``unit``) needs a filing appended in the same
change: ``reason: manager-change`` for people, ``unit-change`` for the unit, ``info-change``
for the account's ``name`` or ``handle``. Only a diff can see this (``nmr check --base``).

PASS (换主管领导，同一变更中追加变更备案)::

    # base: law-weibo
    -leader: {name: 李大伟, title: 副院长, phone: "13900139000", email: lidawei@culr.edu.cn}
    +leader: {name: 王芳, title: 副院长, phone: "13900139001", email: wangfang@culr.edu.cn}

         approved_on: 2019-02-25
    +  - {filed_on: 2026-11-20, reason: manager-change, signed_by: 蔡子涵, sealed: true}

FAIL (换了后台管理人员，没有重新备案)::

    # base: law-weibo
    -  - {name: 张丽, title: 新媒体管理员, phone: "010-64921234", email: zhangli@culr.edu.cn}
    +  - {name: 王芳, title: 新媒体管理员, phone: "010-64921235", email: wangfang@culr.edu.cn}
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    REASON_FOR,
    ChangeSet,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    change_rule,
    manager_changes,
)

NEW_LEADER_ADMIN_OR_UNIT = Template(
    "refile-on-change.new-leader-admin-or-unit",
    "主管领导、管理员或主办单位变更须重新备案",
    "a new leader, admin or unit is filed again",
)
CHANGED_FROM_WITHOUT_NEW_FILING = Template(
    "refile-on-change.changed-from-without-new-filing",
    "{what}由 {before} 变为 {after}，但没有重新备案",
    "the {what} changed from {before} to {after} without a new filing",
)
APPEND_FILING_WITH_REASON_SIGNED = Template(
    "refile-on-change.append-filing-with-reason-signed",
    "在 filings 末尾追加一条备案：reason: {reason}，由单位党政主要负责人签字、盖章后报{approver}（nmr render forms {id} 可打印登记表）。",
    "Append a filing with reason: {reason}, signed and sealed by a head of the unit.",
)

INFO = RuleInfo(
    "refile-on-change",
    "re-filing",
    Severity.ERROR,
    NEW_LEADER_ADMIN_OR_UNIT(),
)


LABELS = {
    "leader": Template("refile-on-change.leader", "主管领导", "leader"),
    "admins": Template("refile-on-change.admins", "后台管理人员", "administrators"),
    "unit": Template("refile-on-change.unit", "主办单位", "host unit"),
    "reviewers": Template("refile-on-change.reviewers", "内容审核专人", "content reviewers"),
    "contact": Template("refile-on-change.contact", "联系人", "contact"),
    "name": Template("refile-on-change.name", "账号名称", "account name"),
    "handle": Template("refile-on-change.handle", "新媒体号", "handle"),
}


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    for item in change.accounts:
        if item.old is None or item.new is None:
            continue
        old, new = item.old, item.new.account
        appended = {filing.reason for filing in new.filings[len(old.filings) :]}
        watched = ctx.registry.policy.refiling_fields
        for field, before, after in manager_changes(old, new, watched):
            reason = REASON_FOR.get(field, "manager-change")
            if reason in appended:
                continue
            what = LABELS[field]()
            yield item.new.at(
                INFO,
                (field,),
                CHANGED_FROM_WITHOUT_NEW_FILING(what=what, before=before, after=after),
                APPEND_FILING_WITH_REASON_SIGNED(reason=reason, id=new.id),
                on_key=True,
            )


RULE = change_rule(INFO, check, __doc__)
