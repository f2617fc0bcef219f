"""change-split: records never ride in the same change as the rules that judge them.

A pull request that edits an account together with the rules (``checks/``, ``schemas/``),
the tool, ``policy/`` (say, a head added to ``units.yaml`` to sign this very filing) or the
workflows would be judged by its own edits. Rules and policy land first, reviewed by their
owners; records rely on them afterwards. A format migration lands as a tool that reads both
forms, then the data.

PASS (只改账号记录)::

    # base: law-weibo
    -reply_commitment_days: 3
    +reply_commitment_days: 2

FAIL (同一变更又改了单位名录)::

    # base: law-weibo
    # touch: policy/units.yaml
    -reply_commitment_days: 3
    +reply_commitment_days: 2
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    ChangeSet,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    change_rule,
    is_account_path,
)

RECORDS_AND_RULES_THAT_JUDGE = Template(
    "change-split.records-and-rules-that-judge",
    "账号记录不能与规则、政策或流程文件在同一次变更中修改",
    "records and the rules that judge them change separately",
)
THIS_CHANGE_EDITS_RECORDS_TOGETHER = Template(
    "change-split.this-change-edits-records-together",
    "本次变更同时修改了 {records_count} 个账号记录和规则、政策或流程文件（{listing}）",
    "this change edits {records_count} records together with {listing}",
)
SPLIT_IT_LAND_RULE_OR = Template(
    "change-split.split-it-land-rule-or",
    "拆成两个合并请求：先提交规则或政策的修改，由其负责人审核合并；再提交账号记录，按合并后的规则检查（否则本次修改会被自己修改过的规则检查）。",
    "Split it: land the rule or policy change first, then the records.",
)

MORE = Template("change-split.more", "{first}等", "{first} and more")

INFO = RuleInfo(
    "change-split",
    "filing",
    Severity.ERROR,
    RECORDS_AND_RULES_THAT_JUDGE(),
)

# What judges a record: the policy, the tool, and the pipelines that run it.
JUDGES = (
    "policy/",
    "checks/",
    "schemas/",
    "render/",
    "nmr/",
    ".github/",
    ".gitlab/",
    ".gitlab-ci.yml",
    "pyproject.toml",
    "Makefile",
    ".ci/",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
)


def _judges(change: ChangeSet) -> list[str]:
    return sorted(path for path in change.touched if path.startswith(JUDGES))


def check(change: ChangeSet, ctx: Context) -> Iterator[Finding]:
    records = [item.path for item in change.accounts if is_account_path(item.path)]
    judges = _judges(change)
    if not records or not judges:
        return
    listing = MORE(first=judges[:5]) if len(judges) > 5 else judges
    for path in judges:
        yield INFO.finding(
            path,
            1,
            1,
            None,
            THIS_CHANGE_EDITS_RECORDS_TOGETHER(records_count=len(records), listing=listing),
            SPLIT_IT_LAND_RULE_OR(),
        )


RULE = change_rule(INFO, check, __doc__)
