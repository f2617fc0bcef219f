"""unit-folder: an account file sits in the folder of its host unit.

The folder decides who reviews a change (CODEOWNERS): an account filed under another
unit's folder would be approved by the wrong people.

PASS (文件在主办单位文件夹中)::

    # base: law-weibo

FAIL (法学院的账号放在经管学院文件夹)::

    # base: law-weibo
    # path: accounts/economics/wrong-folder.yaml
    # expect: unit-folder 4 6:7 文件放在 accounts/economics/ 下
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

FILE_SITS_IN_ITS_HOST = Template(
    "unit-folder.file-sits-in-its-host",
    "文件须放在主办单位的文件夹中",
    "the file sits in its host unit's folder",
)
UNIT_BUT_FILE_IN_ACCOUNTS = Template(
    "unit-folder.unit-but-file-in-accounts",
    "主办单位是 {unit}，但文件放在 accounts/{folder}/ 下",
    "unit is {unit} but the file is in accounts/{folder}/",
)
MOVE_FILE_ACCOUNTS_YAML_OR = Template(
    "unit-folder.move-file-accounts-yaml-or",
    "把文件移到 accounts/{unit}/{stem}.yaml，或改正 unit。",
    "Move the file to accounts/{unit}/{stem}.yaml, or correct unit.",
)

INFO = RuleInfo(
    "unit-folder",
    "host-unit",
    Severity.ERROR,
    FILE_SITS_IN_ITS_HOST(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    unit = record.account.unit
    if record.folder == unit:
        return
    yield record.at(
        INFO,
        ("unit",),
        UNIT_BUT_FILE_IN_ACCOUNTS(unit=unit, folder=record.folder),
        MOVE_FILE_ACCOUNTS_YAML_OR(unit=unit, stem=record.stem),
    )


RULE = account_rule(INFO, check, __doc__)
