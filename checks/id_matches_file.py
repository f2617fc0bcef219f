"""id-matches-file: the record's ``id`` is its file name.

The id is how every tool, link and form refers to the account; the file name is how git
and reviewers see it. They must never disagree.

PASS (``accounts/law/law-wechat.yaml``)::

    id: law-wechat

FAIL (``accounts/law/law-wechat.yaml``)::

    id: law-weixin
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    account_rule,
)

INFO = RuleInfo(
    "id-matches-file",
    None,
    Severity.ERROR,
    Msg("id 须与文件名相同", "id equals the file name"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    if record.account.id == record.stem:
        return
    yield record.at(
        INFO,
        ("id",),
        Msg(
            f"id 是 {record.account.id}，文件名却是 {record.stem}.yaml",
            f"id is {record.account.id} but the file is {record.stem}.yaml",
        ),
        Msg(
            f"新账号：把文件改名为 {record.account.id}.yaml；已有账号的 id 不能改，请把 id 改回 {record.stem}。",
            f"New account: rename the file to {record.account.id}.yaml; an existing id never "
            f"changes, so set id back to {record.stem}.",
        ),
    )


RULE = account_rule(INFO, check, __doc__)
