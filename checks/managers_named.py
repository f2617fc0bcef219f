"""managers-named: the leader, administrators and content reviewers are real people.

{art_managers} asks each unit to name a leader in charge and the people who review content;
{art_filing} asks the 登记表 to name the 主管领导 and 后台管理人员. The shape already requires
``leader``, at least one of ``admins`` and of ``reviewers``; this rule refuses placeholders
(待定、暂无、某某、TBD …) and the same person listed twice in one role.

PASS (人员均已落实)::

    # base: law-weibo

FAIL (同一管理员列了两次)::

    # base: law-weibo
    # expect: managers-named 13 20:12 张丽 重复列出
     admins:
    +  - {name: 张丽, title: 新媒体管理员, phone: "010-64921234", email: zhangli@culr.edu.cn}

FAIL (审核专人待定)::

    # base: law-weibo
    # expect: managers-named 13 21:12 “待定”不是真实姓名
    -  - {name: 赵静, title: 内容审核员}
    +  - {name: 待定, title: 内容审核员}
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    KeyPath,
    Person,
    Reviewer,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    is_placeholder,
)

LEADER_ADMINS_AND_REVIEWERS_NAMED = Template(
    "managers-named.leader-admins-and-reviewers-named",
    "须明确分管领导、后台管理人员和内容审核专人",
    "leader, admins and reviewers are named",
)
PLACEHOLDER = Template(
    "managers-named.placeholder",
    "{label}的姓名“{name}”不是真实姓名",
    "{role}: '{name}' is a placeholder",
)
NAME_ACTUAL_PERSON_ACCOUNT_CANNOT = Template(
    "managers-named.name-actual-person-account-cannot",
    "填写具体负责的{label}姓名；人员未确定前不能备案。",
    "Name the actual person; an account cannot be filed before the {role} is known.",
)
LISTED_TWICE = Template(
    "managers-named.listed-twice", "{label} {name} 重复列出", "{role}: {name} is listed twice"
)
REMOVE_DUPLICATE_ENTRY = Template(
    "managers-named.remove-duplicate-entry", "删除重复的一项。", "Remove the duplicate entry."
)

INFO = RuleInfo(
    "managers-named",
    "managers",
    Severity.ERROR,
    LEADER_ADMINS_AND_REVIEWERS_NAMED(),
)

ROLES = {
    "leader": Template("managers-named.leader", "主管领导", "leader"),
    "admins": Template("managers-named.admins", "后台管理人员", "administrator"),
    "reviewers": Template("managers-named.reviewers", "内容审核专人", "content reviewer"),
}


def _people(record: AccountFile) -> Iterator[tuple[str, KeyPath, Person | Reviewer]]:
    account = record.account
    yield "leader", ("leader",), account.leader
    for index, admin in enumerate(account.admins):
        yield "admins", ("admins", index), admin
    for index, reviewer in enumerate(account.reviewers):
        yield "reviewers", ("reviewers", index), reviewer


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    seen: dict[tuple[str, str], KeyPath] = {}
    for role, path, person in _people(record):
        label = ROLES[role]()
        if is_placeholder(person.name):
            yield record.at(
                INFO,
                (*path, "name"),
                PLACEHOLDER(label=label, name=person.name, role=role),
                NAME_ACTUAL_PERSON_ACCOUNT_CANNOT(label=label, role=role),
            )
            continue
        earlier = seen.get((role, person.name))
        if earlier is not None:
            yield record.at(
                INFO,
                (*path, "name"),
                LISTED_TWICE(label=label, name=person.name, role=role),
                REMOVE_DUPLICATE_ENTRY(),
            )
        seen[(role, person.name)] = path


RULE = account_rule(INFO, check, __doc__)
