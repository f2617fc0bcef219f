"""custom-rules-valid: the custom rules of policy.yaml compile and have ids of their own.

A custom rule whose expression does not parse would check nothing; one that reuses a built-in
rule's id, or another custom rule's, would make findings ambiguous; one whose requirement is not
in ``requirements`` would cite no article. Each is reported at its line in policy.yaml.

PASS (本校没有自定义规则)::

    # base: policy
    # path: policy/policy.yaml

FAIL (表达式写错了)::

    # base: policy
    # path: policy/policy.yaml
    # expect: custom-rules-valid - 147:17 表达式无法解析
    +custom_rules:
    +  - id: weekly
    +    title: 每周更新
    +    expression: "record.platform =="
    +    message: 须每周更新
    +    hint: 更新
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    Context,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    Template,
    builtin_rule_ids,
    custom,
    registry_rule,
)

CUSTOM_RULES_COMPILE = Template(
    "custom-rules-valid.custom-rules-compile",
    "policy.yaml 的自定义规则能解析，编号不重复",
    "custom rules in policy.yaml compile and have unique ids",
)
DOES_NOT_PARSE = Template(
    "custom-rules-valid.does-not-parse",
    "自定义规则 {id} 的{part}表达式无法解析：{error}",
    "custom rule {id}: the {part} expression does not parse: {error}",
)
FIX_SYNTAX = Template(
    "custom-rules-valid.fix-syntax",
    "按 CEL 语法改正表达式（https://cel.dev），例如 record.platform == 'wechat'。",
    "Fix the expression's CEL syntax (https://cel.dev), e.g. record.platform == 'wechat'.",
)
TAKEN_ID = Template(
    "custom-rules-valid.taken-id",
    "自定义规则编号 {id} 已被{owner}使用",
    "custom rule id {id} is already used by {owner}",
)
A_BUILTIN_RULE = Template("custom-rules-valid.builtin", "内置规则", "a built-in rule")
ANOTHER_CUSTOM_RULE = Template(
    "custom-rules-valid.another", "另一条自定义规则", "another custom rule"
)
CHOOSE_ANOTHER_ID = Template(
    "custom-rules-valid.choose-another-id",
    "给这条规则换一个编号。",
    "Give this rule another id.",
)
UNKNOWN_REQUIREMENT = Template(
    "custom-rules-valid.unknown-requirement",
    "自定义规则 {id} 的要求 {requirement} 不在 requirements 中",
    "custom rule {id}: requirement {requirement} is not in requirements",
)
ADD_REQUIREMENT = Template(
    "custom-rules-valid.add-requirement",
    "在 requirements 中加上 {requirement}: {{article: 条款编号}}，或删去 requirement。",
    "Add {requirement}: {{article: N}} to requirements, or drop requirement.",
)

INFO = RuleInfo("custom-rules-valid", None, Severity.ERROR, CUSTOM_RULES_COMPILE())
WHEN_PART = Template("custom-rules-valid.when-part", "适用条件", "when")
CHECK_PART = Template("custom-rules-valid.check-part", "检查", "check")
PARTS = {"when": WHEN_PART, "expression": CHECK_PART}


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    policy = registry.policy
    taken = builtin_rule_ids()
    for index, rule in enumerate(policy.custom_rules):
        where = ("custom_rules", index)
        if rule.id in taken:
            owner = A_BUILTIN_RULE() if rule.id in builtin_rule_ids() else ANOTHER_CUSTOM_RULE()
            message = TAKEN_ID(id=rule.id, owner=owner)
            yield registry.in_policy(INFO, (*where, "id"), message, CHOOSE_ANOTHER_ID())
        taken = taken | {rule.id}
        for key, part in PARTS.items():
            expression = getattr(rule, key)
            error = custom.compile_error(expression) if expression else None
            if error is not None:
                message = DOES_NOT_PARSE(id=rule.id, part=part(), error=Msg.verbatim(error, error))
                yield registry.in_policy(INFO, (*where, key), message, FIX_SYNTAX())
        if rule.requirement is not None and rule.requirement not in policy.requirements:
            yield registry.in_policy(
                INFO,
                (*where, "requirement"),
                UNKNOWN_REQUIREMENT(id=rule.id, requirement=rule.requirement),
                ADD_REQUIREMENT(requirement=rule.requirement),
            )


RULE = registry_rule(INFO, check, __doc__)
