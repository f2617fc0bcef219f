"""failed-review-status: an account whose latest annual review failed is not active.

{art_annual_review}: an account that fails its annual review may be ordered closed. After a
failed review the account is either ``rectifying`` (整改中) or ``closed``. A passing re-review
(复查) appended after the failure restores good standing: the newest decided review counts,
in the order reviews were recorded, and a ``rectifying`` account with one is told to return
to ``active``.

PASS (年审不合格，复查合格后恢复正常)::

    # base: law-weibo
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2025-12-15, result: fail, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2026-02-10, result: pass, reviewed_by: 熊建国, reviewed_on: 2026-02-20, note: 复查合格}

FAIL (年审不合格仍为 active)::

    # base: law-weibo
    # expect: failed-review-status 6 39:9 2025 年度检查不合格
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2025-12-15, result: fail, reviewed_by: 熊建国, reviewed_on: 2025-12-20}

FAIL (复查已合格但仍为整改中)::

    # base: law-weibo
    # expect: failed-review-status 6 40:9 2025 年度复查已合格，状态仍为整改中 warning
    -  - {year: 2025, submitted_on: 2025-12-15, result: pass, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    -status: active
    +  - {year: 2025, submitted_on: 2025-12-15, result: fail, reviewed_by: 熊建国, reviewed_on: 2025-12-20}
    +  - {year: 2025, submitted_on: 2026-02-10, result: pass, reviewed_by: 熊建国, reviewed_on: 2026-02-20, note: 复查合格}
    +status: rectifying
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
    latest_result,
)

FAILED_ANNUAL_REVIEW_FORCES_RECTIFYING = Template(
    "failed-review-status.failed-annual-review-forces-rectifying",
    "年审不合格的账号须整改或注销",
    "a failed annual review forces rectifying or closed",
)
ANNUAL_REVIEW_FAILED_BUT_STATUS = Template(
    "failed-review-status.annual-review-failed-but-status",
    "{year} 年度检查不合格，但状态仍为正常运行（active）",
    "the {year} annual review failed but status is still active",
)
SET_STATUS_RECTIFYING_OR_CLOSE = Template(
    "failed-review-status.set-status-rectifying-or-close",
    "改为 status: rectifying（整改中），或注销账号（status: closed 并填写 closure）；整改后复查合格，再追加一条合格的年度检查记录。",
    "Set status: rectifying or close the account; after a passing re-review, append it.",
)
RE_REVIEW_PASSED_BUT_STATUS = Template(
    "failed-review-status.re-review-passed-but-status",
    "{year} 年度复查已合格，状态仍为整改中",
    "the {year} re-review passed but status is still rectifying",
)
SET_STATUS_ACTIVE_AFTER_PASSING = Template(
    "failed-review-status.set-status-active-after-passing",
    "复查合格后改回 status: active。",
    "Set status: active after a passing re-review.",
)

INFO = RuleInfo(
    "failed-review-status",
    "annual-review",
    Severity.ERROR,
    FAILED_ANNUAL_REVIEW_FORCES_RECTIFYING(),
)


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    account = record.account
    latest = latest_result(account)
    if latest is None:
        return
    if account.status == "rectifying" and latest.result == "pass":
        yield record.at(
            INFO,
            ("status",),
            RE_REVIEW_PASSED_BUT_STATUS(year=latest.year),
            SET_STATUS_ACTIVE_AFTER_PASSING(),
            severity=Severity.WARNING,
        )
        return
    if account.status != "active" or latest.result != "fail":
        return
    yield record.at(
        INFO,
        ("status",),
        ANNUAL_REVIEW_FAILED_BUT_STATUS(year=latest.year),
        SET_STATUS_RECTIFYING_OR_CLOSE(),
    )


RULE = account_rule(INFO, check, __doc__)
