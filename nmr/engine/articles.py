"""The 18 articles of the Measures, and why some of them cannot be checked by a machine."""

from __future__ import annotations

from nmr.schemas.text import Msg, Template

ROLE_NEW_MEDIA = Template("engine.articles.role-new-media", "新媒体的作用", "the role of new media")
PARTY_OVERSIGHT_UNITS_MAY_BUILD = Template(
    "engine.articles.party-oversight-units-may-build",
    "党管媒体，提倡建设官方新媒体平台",
    "Party oversight; units may build official media",
)
WHICH_MEDIA_REAL_NAME_VERIFICATION = Template(
    "engine.articles.which-media-real-name-verification",
    "新媒体的范围与实名认证",
    "which media; real-name verification",
)
NO_ACCOUNT_IN_SCHOOL_S = Template(
    "engine.articles.no-account-in-school-s",
    "禁止个人以学校名义开通",
    "no account in the school's name by an individual",
)
FILING_APPROVAL_AND_RE_FILING = Template(
    "engine.articles.filing-approval-and-re-filing",
    "备案登记、审批与变更重新备案",
    "filing, approval and re-filing on change",
)
ANNUAL_REVIEW = Template("engine.articles.annual-review", "年度检查制度", "annual review")
WHO_DOES_WHAT_GUIDES_FOR = Template(
    "engine.articles.who-does-what-guides-for",
    "职责分工：{approver}牵头，{guides}指导学团组织",
    "who does what; guides for student bodies",
)
WHAT_PUBLISHED = Template("engine.articles.what-published", "发布内容", "what is published")
CONFIDENTIALITY = Template("engine.articles.confidentiality", "保密规定", "confidentiality")
AUTHORISATION_FOR_SENSITIVE_NEWS = Template(
    "engine.articles.authorisation-for-sensitive-news",
    "重大、突发、敏感信息须经授权",
    "authorisation for sensitive news",
)
TIMELY_REPLIES_REPLY_DEADLINE = Template(
    "engine.articles.timely-replies-reply-deadline",
    "及时回复，承诺答复期限",
    "timely replies; a reply deadline",
)
UNIT_S_HEADS_RESPONSIBLE = Template(
    "engine.articles.unit-s-heads-responsible",
    "谁建设谁负责，主要负责人为第一责任人",
    "the unit's heads are responsible",
)
RULES_LEADER_AND_CONTENT_REVIEWER = Template(
    "engine.articles.rules-leader-and-content-reviewer",
    "管理规范，分管领导与审核专人",
    "rules, a leader and a content reviewer",
)
CRISIS_HANDLING_ORDERED_CLOSURE = Template(
    "engine.articles.crisis-handling-ordered-closure",
    "舆情应对，责令关闭",
    "crisis handling; ordered closure",
)
NEWS_COORDINATION_IN_EMERGENCIES = Template(
    "engine.articles.news-coordination-in-emergencies",
    "突发事件新闻报道统筹",
    "news coordination in emergencies",
)
NEW_MEDIA_NETWORK = Template(
    "engine.articles.new-media-network", "新媒体工作圈", "the new-media network"
)
UNITS_MAY_ADOPT_THEIR_OWN = Template(
    "engine.articles.units-may-adopt-their-own",
    "各单位可制定相应管理办法",
    "units may adopt their own rules",
)
INTERPRETATION_AND_ENTRY_INTO_FORCE = Template(
    "engine.articles.interpretation-and-entry-into-force",
    "解释与施行",
    "interpretation and entry into force",
)
STATEMENT_PURPOSE_NO_CHECKABLE_DUTY = Template(
    "engine.articles.statement-purpose-no-checkable-duty",
    "总则性表述，没有可检查的义务。",
    "a statement of purpose, no checkable duty",
)
PRINCIPLE_UNIT_KINDS_RECORDED_IN = Template(
    "engine.articles.principle-unit-kinds-recorded-in",
    "原则性要求；单位类别记录在 units.yaml。",
    "a principle; unit kinds are recorded in units.yaml",
)
ABOUT_CONTENT_WHICH_RECORDS_DO = Template(
    "engine.articles.about-content-which-records-do",
    "关于发布内容，须人工审核，记录中无从检查。",
    "about content, which records do not hold",
)
AUTHORISATION_INDIVIDUAL_POSTS_HUMAN_TASK = Template(
    "engine.articles.authorisation-individual-posts-human-task",
    "关于具体信息的发布授权，须人工把关。",
    "authorisation of individual posts is a human task",
)
PROCEDURE_FOR_EMERGENCIES_NOT_IN = Template(
    "engine.articles.procedure-for-emergencies-not-in",
    "突发事件报道的工作流程，不在备案记录中。",
    "a procedure for emergencies, not in records",
)
WHAT_SCHOOL_OFFERS_NOT_DUTY = Template(
    "engine.articles.what-school-offers-not-duty",
    "学校对已登记账号的支持措施，非单位义务。",
    "what the school offers, not a duty of units",
)
PERMISSION_ADOPT_FURTHER_RULES = Template(
    "engine.articles.permission-adopt-further-rules",
    "授权各单位另订办法，无记录可查。",
    "permission to adopt further rules",
)
EFFECTIVE_DATE_POLICY_YAML_EFFECTIVE = Template(
    "engine.articles.effective-date-policy-yaml-effective",
    "施行日期见 policy.yaml 的 effective_on，用于第五条的判断。",
    "the effective date is policy.yaml effective_on, used by the Art. 5 rules",
)

TITLES: dict[int, Msg] = {
    1: ROLE_NEW_MEDIA(),
    2: PARTY_OVERSIGHT_UNITS_MAY_BUILD(),
    3: WHICH_MEDIA_REAL_NAME_VERIFICATION(),
    4: NO_ACCOUNT_IN_SCHOOL_S(),
    5: FILING_APPROVAL_AND_RE_FILING(),
    6: ANNUAL_REVIEW(),
    7: WHO_DOES_WHAT_GUIDES_FOR(),
    8: WHAT_PUBLISHED(),
    9: CONFIDENTIALITY(),
    10: AUTHORISATION_FOR_SENSITIVE_NEWS(),
    11: TIMELY_REPLIES_REPLY_DEADLINE(),
    12: UNIT_S_HEADS_RESPONSIBLE(),
    13: RULES_LEADER_AND_CONTENT_REVIEWER(),
    14: CRISIS_HANDLING_ORDERED_CLOSURE(),
    15: NEWS_COORDINATION_IN_EMERGENCIES(),
    16: NEW_MEDIA_NETWORK(),
    17: UNITS_MAY_ADOPT_THEIR_OWN(),
    18: INTERPRETATION_AND_ENTRY_INTO_FORCE(),
}

# Articles no rule can enforce from the records, and why.
NOT_CHECKABLE: dict[int, Msg] = {
    1: STATEMENT_PURPOSE_NO_CHECKABLE_DUTY(),
    2: PRINCIPLE_UNIT_KINDS_RECORDED_IN(),
    8: ABOUT_CONTENT_WHICH_RECORDS_DO(),
    10: AUTHORISATION_INDIVIDUAL_POSTS_HUMAN_TASK(),
    15: PROCEDURE_FOR_EMERGENCIES_NOT_IN(),
    16: WHAT_SCHOOL_OFFERS_NOT_DUTY(),
    17: PERMISSION_ADOPT_FURTHER_RULES(),
    18: EFFECTIVE_DATE_POLICY_YAML_EFFECTIVE(),
}
