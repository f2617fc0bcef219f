"""student-org-guided: student organisations name their guide units; others do not.

{art_student_org_guidance}: {guides} guide the media of student organisations. Each unit of a
``guided`` kind (policy.yaml ``unit_kinds``) lists in ``guided_by`` one or both of ``policy.yaml`` ``student_org_guides``; their teams
are then asked to review its pull requests (CODEOWNERS). The units ``policy.yaml`` names
(approver, support, guides) exist.

PASS (学生会由团委指导)::

    # base: units
    # path: policy/units.yaml

FAIL (学生会没有指导单位)::

    # base: units
    # path: policy/units.yaml
    # expect: student-org-guided 7 28:5 没有指导单位
    -    guided_by: [youth-league]

FAIL (学院填写了 guided_by)::

    # base: units
    # path: policy/units.yaml
    # expect: student-org-guided 7 28:5 不是学团组织，不应填写 guided_by
         team: "@culr/law"
    +    guided_by: [youth-league]
"""

from __future__ import annotations

from collections.abc import Iterator

from nmr.engine.api import (
    Context,
    Finding,
    KeyPath,
    RuleInfo,
    Severity,
    Template,
    kind_of,
    registry_rule,
)

STUDENT_ORGANISATIONS_GUIDED_BY = Template(
    "student-org-guided.student-organisations-guided-by",
    "学团组织须由{guides}指导",
    "student organisations are guided by the student-affairs or youth-league office",
)
STUDENT_ORGANISATION_HAS_NO_GUIDE = Template(
    "student-org-guided.student-organisation-has-no-guide",
    "学团组织{name}没有指导单位",
    "student organisation {name} has no guide unit",
)
ADD_GUIDED_BY_WITH_ONE = Template(
    "student-org-guided.add-guided-by-with-one",
    "添加 guided_by: [{guides}] 中的一个或两个。",
    "Add guided_by with one or both of {guides}.",
)
POLICY_YAML_NAMES_UNKNOWN_UNIT = Template(
    "student-org-guided.policy-yaml-names-unknown-unit",
    "policy.yaml 的 {key} 指向不存在的单位 {unit_id}",
    "policy.yaml {key} names an unknown unit {unit_id}",
)
ADD_UNIT_POLICY_UNITS_YAML = Template(
    "student-org-guided.add-unit-policy-units-yaml",
    "在 policy/units.yaml 中登记该单位，或改正编号。",
    "Add the unit to policy/units.yaml or fix the id.",
)
NOT_STUDENT_ORGANISATION = Template(
    "student-org-guided.not-student-organisation",
    "{name}不是学团组织，不应填写 guided_by",
    "{name} is not a student organisation",
)
REMOVE_GUIDED_BY_OR_SET = Template(
    "student-org-guided.remove-guided-by-or-set",
    "删除 guided_by，或把 kind 改为由指导单位指导的类别：{kinds}。",
    "Remove guided_by or set kind to a guided kind: {kinds}.",
)
NOT_STUDENT_ORGANISATION_GUIDE = Template(
    "student-org-guided.not-student-organisation-guide",
    "{guide} 不是学团组织的指导单位",
    "{guide} is not a student-organisation guide",
)
USE_ONE = Template("student-org-guided.use-one", "只能是：{guides}。", "Use one of: {guides}.")

INFO = RuleInfo(
    "student-org-guided",
    "student-org-guidance",
    Severity.ERROR,
    STUDENT_ORGANISATIONS_GUIDED_BY(),
)


def check(ctx: Context) -> Iterator[Finding]:
    registry = ctx.registry
    policy = registry.policy
    guides = policy.student_org_guides
    known = {unit.id for unit in registry.units}
    if registry.units_file is not None:
        named: list[tuple[KeyPath, str]] = [
            (("approver_unit",), policy.approver_unit),
            (("support_unit",), policy.support_unit),
        ]
        named += [(("student_org_guides", i), guide) for i, guide in enumerate(guides)]
        for where, unit_id in named:
            key = where[0]
            if unit_id not in known:
                yield registry.in_policy(
                    INFO,
                    where,
                    POLICY_YAML_NAMES_UNKNOWN_UNIT(key=key, unit_id=unit_id),
                    ADD_UNIT_POLICY_UNITS_YAML(),
                )
    for index, unit in enumerate(registry.units):
        where = ("units", index)
        if not kind_of(policy, unit).guided:
            if unit.guided_by:
                yield registry.in_units(
                    INFO,
                    (*where, "guided_by"),
                    NOT_STUDENT_ORGANISATION(name=unit.name),
                    REMOVE_GUIDED_BY_OR_SET(
                        kinds=[key for key, kind in policy.unit_kinds.items() if kind.guided]
                    ),
                    on_key=True,
                )
            continue
        if not unit.guided_by:
            yield registry.in_units(
                INFO,
                where,
                STUDENT_ORGANISATION_HAS_NO_GUIDE(name=unit.name),
                ADD_GUIDED_BY_WITH_ONE(guides=", ".join(guides)),
                on_key=True,
            )
            continue
        for number, guide in enumerate(unit.guided_by):
            if guide not in guides:
                yield registry.in_units(
                    INFO,
                    (*where, "guided_by", number),
                    NOT_STUDENT_ORGANISATION_GUIDE(guide=guide),
                    USE_ONE(guides=guides),
                )


RULE = registry_rule(INFO, check, __doc__)
