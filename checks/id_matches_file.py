"""id-matches-file: the record's ``id`` is its file name.

The id is how every tool, link and form refers to the account; the file name is how git
and reviewers see it. They must never disagree.

PASS (id 与文件名相同)::

    # base: law-weibo

FAIL (id 与文件名不同)::

    # base: law-weibo
    # path: accounts/law/id-differs.yaml
    # expect: id-matches-file - 2:5 文件名却是 id-differs.yaml
    -id: id-differs
    +id: law-other
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    AccountFile,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
)

ID_EQUALS_FILE_NAME = Template(
    "id-matches-file.id-equals-file-name", "id 须与文件名相同", "id equals the file name"
)
ID_BUT_FILE_YAML = Template(
    "id-matches-file.id-but-file-yaml",
    "id 是 {id}，文件名却是 {stem}.yaml",
    "id is {id} but the file is {stem}.yaml",
)
NEW_ACCOUNT_RENAME_FILE_YAML = Template(
    "id-matches-file.new-account-rename-file-yaml",
    "新账号：把文件改名为 {id}.yaml；已有账号的 id 不能改，请把 id 改回 {stem}。",
    "New account: rename the file to {id}.yaml; an existing id never changes, so set id back to {stem}.",
)

INFO = RuleInfo(
    "id-matches-file",
    None,
    Severity.ERROR,
    ID_EQUALS_FILE_NAME(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    if record.account.id == record.stem:
        return
    yield record.at(
        INFO,
        ("id",),
        ID_BUT_FILE_YAML(id=record.account.id, stem=record.stem),
        NEW_ACCOUNT_RENAME_FILE_YAML(id=record.account.id, stem=record.stem),
    )


RULE = account_rule(INFO, check, __doc__)
