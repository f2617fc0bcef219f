"""refiling-window: a change is re-filed within the period policy.yaml ``refiling_window`` sets.

Where the Measures give a period for re-filing ("变更后 7 日内", "3 个工作日内"), each re-filing
(reason ``manager-change``, ``unit-change`` or ``info-change``) made since the Measures took
effect records ``changed_on``, the day the change happened, and is filed within the period,
counted in calendar days or working days as the policy says. Without ``refiling_window`` the
rule is silent: the change and its filing then go in the same pull request (refile-on-change).

PASS (变更次日重新备案)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # policy: refiling_window: {days: 7}
         approved_on: 2019-02-25
    +  - filed_on: 2023-09-01
    +    reason: manager-change
    +    changed_on: 2023-08-28
    +    signed_by: 蔡子涵
    +    sealed: true
    +    approved_by: 熊建国
    +    approved_on: 2023-09-04

FAIL (变更一个月后才重新备案)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # policy: refiling_window: {days: 7}
    # expect: refiling-window 5 31:15 应在变更后 7 天内
         approved_on: 2019-02-25
    +  - filed_on: 2023-09-01
    +    reason: manager-change
    +    changed_on: 2023-07-20
    +    signed_by: 蔡子涵
    +    sealed: true
    +    approved_by: 熊建国
    +    approved_on: 2023-09-04
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    NO_WORKING_DAYS_FOR,
    REFILING_REASONS,
    UPDATE_CHINESECALENDAR,
    AccountFile,
    BeyondCalendar,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    account_rule,
    period,
    set_by,
    shift,
)

REFILED_IN_TIME = Template(
    "refiling-window.refiled-in-time",
    "变更后在 policy.yaml 的 refiling_window 时限内重新备案",
    "changes are re-filed within policy.yaml refiling_window",
)
NO_CHANGE_DAY = Template(
    "refiling-window.no-change-day",
    "重新备案没有写变更日期（changed_on），无法判断是否在变更后 {period}内备案",
    "the re-filing has no changed_on: cannot tell whether it came within {period}",
)
WRITE_CHANGE_DAY = Template(
    "refiling-window.write-change-day",
    "在这次备案中写上 changed_on: YYYY-MM-DD（人员或信息实际变更的日期）。",
    "Add changed_on: YYYY-MM-DD (the day the change happened) to this filing.",
)
LATE = Template(
    "refiling-window.late",
    "{changed_on} 发生变更，{filed_on} 才重新备案：应在变更后 {period}内（{due_on} 前，{source}）",
    "changed on {changed_on}, re-filed on {filed_on}: due within {period} (by {due_on}; {source})",
)
REFILE_PROMPTLY = Template(
    "refiling-window.refile-promptly",
    "如实保留这条记录；今后人员或信息变更后及时重新填写登记表报审批单位。",
    "Keep the record as it is; re-file promptly after future changes.",
)

INFO = RuleInfo("refiling-window", "re-filing", Severity.ERROR, REFILED_IN_TIME())


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    policy = ctx.registry.policy
    window = policy.refiling_window
    if window is None:
        return
    length = period(window.days, window.count)
    for index, filing in enumerate(record.account.filings):
        if filing.reason not in REFILING_REASONS or filing.filed_on < policy.effective_on:
            continue
        where = ("filings", index)
        if filing.changed_on is None:
            yield record.at(
                INFO, (*where, "reason"), NO_CHANGE_DAY(period=length), WRITE_CHANGE_DAY()
            )
            continue
        try:
            due_on = shift(filing.changed_on, window.days, window.count)
        except BeyondCalendar as beyond:
            year = beyond.day.year
            yield record.at(
                INFO,
                (*where, "changed_on"),
                NO_WORKING_DAYS_FOR(year=year),
                UPDATE_CHINESECALENDAR(year=year),
                severity=Severity.WARNING,
            )
            continue
        if filing.filed_on > due_on:
            message = LATE(
                changed_on=filing.changed_on,
                filed_on=filing.filed_on,
                period=length,
                due_on=due_on,
                source=set_by(policy, "refiling_window"),
            )
            yield record.at(INFO, (*where, "filed_on"), message, REFILE_PROMPTLY())


RULE = account_rule(INFO, check, __doc__)
