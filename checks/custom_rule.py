"""custom-rule: every record satisfies the institution's own rules written in policy.yaml.

``custom_rules`` in policy.yaml adds rules as CEL expressions (https://cel.dev), in the manner
of Kubernetes ValidatingAdmissionPolicy: each record must make ``expression`` true, where
``when`` (if written) is true. A finding carries the custom rule's own id, title, message and
hint, cites the article of its ``requirement``, and is placed at its ``field``. An expression
that cannot be evaluated on a record (a field it names is not there, a type mismatch) is an
error on that record, so that a broken rule never passes a record unchecked.

PASS (自定义规则：微博账号须面向社会公开)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # policy: custom_rules: [{id: weibo-public, title: 微博面向社会, when: "record.platform == 'weibo'", expression: "record.purpose.audience == 'public'", field: purpose.audience, message: 微博账号须面向社会公开, hint: 把 audience 改为 public。}]

FAIL (自定义规则：微博账号须面向社会公开)::

    # base: law-weibo
    # path: accounts/law/law-weibo.yaml
    # policy: custom_rules: [{id: weibo-public, title: 微博面向社会, when: "record.platform == 'weibo'", expression: "record.purpose.audience == 'public'", field: purpose.audience, message: 微博账号须面向社会公开, hint: 把 audience 改为 public。}]
    # expect: weibo-public - 10:13 微博账号须面向社会公开
    -  audience: public
    +  audience: campus
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
    Template,
    account_rule,
    custom,
)

SATISFIES_CUSTOM_RULES = Template(
    "custom-rule.satisfies-custom-rules",
    "账号记录满足 policy.yaml 中的自定义规则",
    "records satisfy the custom rules of policy.yaml",
)
CANNOT_EVALUATE = Template(
    "custom-rule.cannot-evaluate",
    "自定义规则 {id} 无法检查这条记录：{error}",
    "custom rule {id} cannot be evaluated on this record: {error}",
)
FIX_THE_EXPRESSION = Template(
    "custom-rule.fix-the-expression",
    "请本库维护者修改 policy/policy.yaml 中这条规则的表达式（可先用 when 限定适用的记录）。",
    "Maintainers: fix the rule's expression in policy/policy.yaml (narrow it with when).",
)

INFO = RuleInfo("custom-rule", None, Severity.ERROR, SATISFIES_CUSTOM_RULES())


def check(record: AccountFile, ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    policy = registry.policy
    if not policy.custom_rules:
        return
    values = custom.variables(record.account, registry.unit(record.account.unit), policy, ctx.today)
    for rule in policy.custom_rules:
        if custom.compile_error(rule.expression) or (rule.when and custom.compile_error(rule.when)):
            continue  # custom-rules-valid reports it on policy.yaml
        applies = custom.evaluate(rule.when, values) if rule.when else custom.Outcome(True)
        outcome = custom.evaluate(rule.expression, values) if applies.value else applies
        error = applies.error or outcome.error
        if error is not None:
            message = CANNOT_EVALUATE(id=rule.id, error=Msg.verbatim(error, error))
            yield record.at(custom.info(rule), (), message, FIX_THE_EXPRESSION())
        elif applies.value and not outcome.value:
            yield record.at(
                custom.info(rule), custom.where(rule), custom.message(rule), custom.hint(rule)
            )


RULE = account_rule(INFO, check, __doc__)
