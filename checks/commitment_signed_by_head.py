"""commitment-signed-by-head: the 附件2 commitment is signed by a head in office that day.

The 新媒体管理责任承诺书 (附件2) binds the host unit; like the 登记表 it is signed by one of
the unit's heads ({art_unit_heads}: the first responsible persons) in office on ``signed_on``. When
the heads change, the new head signs a new commitment (replace ``commitment``, re-file).

PASS (承诺书由院长签署)::

    # base: law-weibo

FAIL (承诺书由管理员签署)::

    # base: law-weibo
    # expect: commitment-signed-by-head 5 23:25 “张丽”不是法学院的党政主要负责人
    -commitment: {signed_by: 蔡子涵, signed_on: 2019-02-20}
    +commitment: {signed_by: 张丽, signed_on: 2019-02-20}
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
    check_signer,
)

COMMITMENT_SIGNED_BY_HEAD_UNIT = Template(
    "commitment-signed-by-head.commitment-signed-by-head-unit",
    "管理责任承诺书须由签署当天在任的主办单位负责人签字",
    "the commitment is signed by a head of the unit in office that day",
)

INFO = RuleInfo(
    "commitment-signed-by-head",
    "filing",
    Severity.ERROR,
    COMMITMENT_SIGNED_BY_HEAD_UNIT(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    commitment = record.account.commitment
    yield from check_signer(
        record,
        INFO,
        ("commitment", "signed_by"),
        commitment.signed_by,
        commitment.signed_on,
        ctx.registry,
    )


RULE = account_rule(INFO, check, __doc__)
