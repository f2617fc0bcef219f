"""The 18 articles of the Measures, and why some of them cannot be checked by a machine."""

from __future__ import annotations

from nmr.schemas.text import Msg

TITLES: dict[int, Msg] = {
    1: Msg("新媒体的作用", "the role of new media"),
    2: Msg("党管媒体，提倡建设官方新媒体平台", "Party oversight; units may build official media"),
    3: Msg("新媒体的范围与实名认证", "which media; real-name verification"),
    4: Msg("禁止个人以学校名义开通", "no account in the school's name by an individual"),
    5: Msg("备案登记、审批与变更重新备案", "filing, approval and re-filing on change"),
    6: Msg("年度检查制度", "annual review"),
    7: Msg(
        "职责分工：组宣部牵头，学生处、团委指导学团组织", "who does what; guides for student bodies"
    ),
    8: Msg("发布内容", "what is published"),
    9: Msg("保密规定", "confidentiality"),
    10: Msg("重大、突发、敏感信息须经授权", "authorisation for sensitive news"),
    11: Msg("及时回复，承诺答复期限", "timely replies; a reply deadline"),
    12: Msg("谁建设谁负责，主要负责人为第一责任人", "the unit's heads are responsible"),
    13: Msg("管理规范，分管领导与审核专人", "rules, a leader and a content reviewer"),
    14: Msg("舆情应对，责令关闭", "crisis handling; ordered closure"),
    15: Msg("突发事件新闻报道统筹", "news coordination in emergencies"),
    16: Msg("新媒体工作圈", "the new-media network"),
    17: Msg("各单位可制定相应管理办法", "units may adopt their own rules"),
    18: Msg("解释与施行", "interpretation and entry into force"),
}

# Articles no rule can enforce from the records, and why.
NOT_CHECKABLE: dict[int, Msg] = {
    1: Msg("总则性表述，没有可检查的义务。", "a statement of purpose, no checkable duty"),
    2: Msg(
        "原则性要求；单位类别记录在 units.yaml。",
        "a principle; unit kinds are recorded in units.yaml",
    ),
    8: Msg(
        "关于发布内容，须人工审核，记录中无从检查。", "about content, which records do not hold"
    ),
    10: Msg(
        "关于具体信息的发布授权，须人工把关。", "authorisation of individual posts is a human task"
    ),
    15: Msg(
        "突发事件报道的工作流程，不在备案记录中。", "a procedure for emergencies, not in records"
    ),
    16: Msg(
        "学校对已登记账号的支持措施，非单位义务。", "what the school offers, not a duty of units"
    ),
    17: Msg("授权各单位另订办法，无记录可查。", "permission to adopt further rules"),
    18: Msg(
        "施行日期见 policy.yaml 的 effective_on，用于第五条的判断。",
        "the effective date is policy.yaml effective_on, used by the 第五条 rules",
    ),
}
