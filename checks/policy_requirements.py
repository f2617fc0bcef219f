"""policy-requirements: every requirement in policy.yaml is one the rules know, citing a real article.

``requirements`` maps what the rules check (``filing``, ``annual-review``…) to the article of
this institution's Measures that states it. A misspelt key would leave the real requirement
unmapped: its findings would cite no article and could not be switched off. An article number
that is not among ``articles`` would cite an article the Measures do not have. A requirement the
rules check but the policy does not list cites no article: a warning, so that an institution
adopting the tool maps every requirement on purpose (``enabled: false`` where its Measures are
silent).

PASS (本校的要求对照)::

    # base: policy
    # path: policy/policy.yaml

FAIL (要求的名称写错了)::

    # base: policy
    # path: policy/policy.yaml
    # expect: policy-requirements - 130:3 未知的要求 fling
    # expect: policy-requirements - 125:1 没有列出要求 filing warning
    -  filing: {article: 5}                 # 备案登记：登记表、签字盖章、审批、承诺书、联系人
    +  fling: {article: 5}

FAIL (引用了不存在的条款)::

    # base: policy
    # path: policy/policy.yaml
    # expect: policy-requirements - 136:31 第三十条
    -  reply-commitment: {article: 11}      # 承诺答复期限
    +  reply-commitment: {article: 30}
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    article_name,
    known_requirements,
    registry_rule,
)

REQUIREMENTS_MAPPED = Template(
    "policy-requirements.requirements-mapped",
    "policy.yaml 的 requirements 只写规则认识的要求，并引用存在的条款",
    "policy.yaml requirements are known and cite existing articles",
)
UNKNOWN = Template(
    "policy-requirements.unknown",
    "未知的要求 {key}",
    "unknown requirement {key}",
)
KNOWN_ONES = Template(
    "policy-requirements.known-ones",
    "改为规则认识的要求之一：{known}。",
    "Use one of the known requirements: {known}.",
)
NO_SUCH_ARTICLE = Template(
    "policy-requirements.no-such-article",
    "要求 {key} 引用的{article}不在 articles 中",
    "requirement {key} cites {article}, which is not in articles",
)
ADD_THE_ARTICLE = Template(
    "policy-requirements.add-the-article",
    "改正条款编号，或在 articles 中补上这一条（number、title、text）。",
    "Fix the number, or add the article to articles (number, title, text).",
)
NOT_LISTED = Template(
    "policy-requirements.not-listed",
    "没有列出要求 {key}：相关问题不会注明条款",
    "requirement {key} is not listed: its findings cite no article",
)
LIST_IT = Template(
    "policy-requirements.list-it",
    "在 requirements 中写 {key}: {{article: 条款编号}}；办法没有这项要求则写 {key}: {{enabled: false}}。",
    "Add {key}: {{article: N}}, or {key}: {{enabled: false}} where the Measures are silent.",
)

INFO = RuleInfo("policy-requirements", None, Severity.ERROR, REQUIREMENTS_MAPPED())


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    policy = registry.policy
    known = known_requirements() | {
        rule.requirement for rule in policy.custom_rules if rule.requirement is not None
    }
    articles = {article.number for article in policy.articles}
    for key, setting in policy.requirements.items():
        if key not in known:
            hint = KNOWN_ONES(known=sorted(known))
            yield registry.in_policy(INFO, ("requirements", key), UNKNOWN(key=key), hint)
        elif setting.article is not None and setting.article not in articles:
            yield registry.in_policy(
                INFO,
                ("requirements", key, "article"),
                NO_SUCH_ARTICLE(key=key, article=article_name(setting.article)),
                ADD_THE_ARTICLE(),
            )
    for key in sorted(known - policy.requirements.keys()):
        yield registry.in_policy(
            INFO,
            ("requirements",),
            NOT_LISTED(key=key),
            LIST_IT(key=key),
            severity=Severity.WARNING,
        )


RULE = registry_rule(INFO, check, __doc__)
