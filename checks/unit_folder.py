"""第四条 unit-folder: an account file sits in the folder of its host unit.

The folder decides who reviews a change (CODEOWNERS): an account filed under another
unit's folder would be approved by the wrong people.

PASS (``accounts/law/law-wechat.yaml``)::

    unit: law

FAIL (``accounts/law/law-wechat.yaml``)::

    unit: business
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
    "unit-folder",
    4,
    Severity.ERROR,
    Msg("文件须放在主办单位的文件夹中", "the file sits in its host unit's folder"),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    unit = record.account.unit
    if record.folder == unit:
        return
    yield record.at(
        INFO,
        ("unit",),
        Msg(
            f"主办单位是 {unit}，但文件放在 accounts/{record.folder}/ 下",
            f"unit is {unit} but the file is in accounts/{record.folder}/",
        ),
        Msg(
            f"把文件移到 accounts/{unit}/{record.stem}.yaml，或改正 unit。",
            f"Move the file to accounts/{unit}/{record.stem}.yaml, or correct unit.",
        ),
    )


RULE = account_rule(INFO, check, __doc__)
