"""Record models: the single source of truth for the shape of accounts, units and policy.

Every field carries a Chinese ``title`` and ``description`` (shown by editors on hover via the
generated JSON Schema) and, where a field exists because of an article of the Measures, the
article number as ``x-article`` so a shape finding on that field cites it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    create_model,
    field_validator,
)

from nmr.schemas.text import Refusal, Template

ID_PATTERN = r"^[a-z0-9-]{3,64}$"

DATE_OUT_OF_RANGE = Template(
    "schemas.models.date-out-of-range",
    "日期 {day} 不在 {first}—{last} 年之间，请检查年份",
    "the date {day} is not between the years {first} and {last}; check the year",
)
DATE_WITHOUT_TIME = Template(
    "schemas.models.date-without-time",
    "只写日期，不要写时间（YYYY-MM-DD）",
    "write the date only, without a time (YYYY-MM-DD)",
)
NOT_A_DATE = Template(
    "schemas.models.not-a-date",
    "“{value}”不是 YYYY-MM-DD 格式的有效日期",
    "'{value}' is not a valid YYYY-MM-DD date",
)
SHOULD_BE_A_DATE = Template(
    "schemas.models.should-be-a-date", "应为 YYYY-MM-DD 格式的日期", "should be a YYYY-MM-DD date"
)
UNKNOWN_ZONE = Template(
    "schemas.models.unknown-zone",
    "未知的时区“{value}”，例如 Asia/Shanghai",
    "unknown time zone '{value}'; e.g. Asia/Shanghai",
)
BUILTIN_FIELD = Template(
    "schemas.models.builtin-field",
    "“{key}”是内置字段，自定义字段换一个名字",
    "'{key}' is a built-in field; give the extra field another name",
)
NOT_COMPARABLE = Template(
    "schemas.models.not-comparable",
    "“{key}”不是可比较的字段；可选：{known}",
    "'{key}' is not a field that can be compared; choose from: {known}",
)
NOT_AN_EMAIL = Template(
    "schemas.models.not-an-email",
    "“{value}”不是有效的邮箱地址，例如 law-office@culr.edu.cn",
    "'{value}' is not a valid e-mail address",
)
NOT_A_FORM_ROW = Template(
    "schemas.models.not-a-form-row",
    "登记表的行“{key}”不是记录中的字段；可选：{known}",
    "form row '{key}' is not a field of the record; choose from: {known}",
)
UNIT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
TEAM_PATTERN = r"^@[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$"


FIRST_YEAR, LAST_YEAR = 1900, 2999  # dates outside can only be typos (and overflow date sums)


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Refusal(DATE_OUT_OF_RANGE(day=day.isoformat(), first=FIRST_YEAR, last=LAST_YEAR))
    return day


def _to_date(value: Any) -> Any:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` text; refuse numbers and date-times."""
    if isinstance(value, dt.datetime):
        raise Refusal(DATE_WITHOUT_TIME())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, str):
        try:
            if len(value) == 10 and value[4] == "-" and value[7] == "-":
                return _in_range(dt.date.fromisoformat(value))
        except ValueError:
            pass
        raise Refusal(NOT_A_DATE(value=value))
    raise Refusal(SHOULD_BE_A_DATE())


Day = Annotated[dt.date, BeforeValidator(_to_date)]
Text = Annotated[str, Field(min_length=1)]


def _known_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Refusal(UNKNOWN_ZONE(value=value)) from None
    return value


Zone = Annotated[str, AfterValidator(_known_zone)]


def F(title: str, description: str, requirement: str | None = None, **kwargs: Any) -> Any:
    """A field with its Chinese title and description, and the requirement it serves.

    The requirement is a key of policy.yaml ``requirements``, which names the article.
    """
    extra: dict[str, Any] = {"x-requirement": requirement} if requirement is not None else {}
    return Field(title=title, description=description, json_schema_extra=extra or None, **kwargs)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Purpose(Record):
    """功能定位（附件1）：宗旨、信息发布范围、访问范围。"""

    mission: Text = F("宗旨", "账号的宗旨，一两句话。", "filing")
    scope: Text = F("信息发布范围", "发布哪些信息，例如：学院新闻、通知公告、招生就业。", "filing")
    audience: Literal["public", "campus", "internal"] = F(
        "访问范围", "public 面向社会公开；campus 面向校内师生；internal 仅限本单位内部。", "filing"
    )


class Verification(Record):
    """实名认证（官方新媒体须经网站实名认证）。"""

    verified: StrictBool = F(
        "是否已实名认证", "已在平台完成实名认证填 true，否则填 false。", "official-media"
    )
    subject: Text | None = F(
        "认证主体",
        "平台上显示的认证主体，通常为学校全称（policy.yaml 的 institution）。",
        "official-media",
        default=None,
    )
    verified_on: Day | None = F(
        "认证日期", "完成实名认证的日期，YYYY-MM-DD。", "official-media", default=None
    )


class Reviewer(Record):
    """内容审核专人。"""

    name: Text = F("姓名", "审核人姓名。", "managers")
    title: Text = F("职务", "审核人职务，例如：宣传干事。", "managers")


class Person(Record):
    """A named manager with contact details, as in 附件1."""

    name: Text = F("姓名", "姓名（个人信息，仅用于内部台账和登记表，不会公开）。", "filing")
    title: Text = F("职务", "职务，例如：办公室主任。", "filing")
    phone: Text = F(
        "联系电话", '手机号或带区号的座机号，必须加引号，例如 "13800138000"。', "filing"
    )
    email: Text = F("邮箱", "电子邮箱，例如 name@culr.edu.cn。", "filing")


class Contact(Person):
    """联系人（附件1）。"""

    qq: Text | None = F(
        "QQ号", "QQ 号码，5–11 位数字，必须加引号；没有可不填。", "filing", default=None
    )


class Commitment(Record):
    """附件2 新媒体管理责任承诺书。"""

    signed_by: Text = F("承诺人", "在承诺书上签字的人（主办单位负责人）。", "filing")
    signed_on: Day = F("签署日期", "承诺书签署日期，YYYY-MM-DD。", "filing")


# What a change may touch that needs a new filing (besides the policy's extra fields).
REFILING_FIELDS = ("leader", "admins", "reviewers", "contact", "unit", "name", "handle")
# A filing that re-files an account after a change (第五条 here), whatever changed.
REFILING_REASONS = frozenset({"manager-change", "unit-change", "info-change"})


class Filing(Record):
    """一次备案：首次备案、过渡期补办备案、人员变更或主办单位变更后的重新备案。"""

    filed_on: Day = F("备案日期", "登记表报送审批单位的日期，YYYY-MM-DD。", "filing")
    reason: Literal["initial", "grandfathered", "manager-change", "unit-change", "info-change"] = F(
        "备案原因",
        "initial 新开通；grandfathered 办法施行前已开通、一个月内补办；"
        "manager-change 分管领导或管理员变更；unit-change 主办单位变更；"
        "info-change 账号名称等信息变更（policy.yaml 的 refiling_fields 要求时）。",
        "filing",
    )
    signed_by: Text = F(
        "签字负责人", "在登记表上签字的主办单位党政主要负责人（须在 units.yaml 中）。", "filing"
    )
    sealed: StrictBool = F("是否加盖公章", "登记表已加盖主办单位公章填 true。", "filing")
    approved_by: Text | None = F(
        "审批人", "审批单位的审批人；审批通过后由审批单位填写。", "filing", default=None
    )
    approved_on: Day | None = F(
        "审批日期", "审批单位的审批日期，YYYY-MM-DD。", "filing", default=None
    )
    ref: Text | None = F(
        "备案编号", "审批单位的档案编号，例如 〔2016〕3号；可不填。", "filing", default=None
    )
    accepted_late: Text | None = F(
        "同意补办",
        "账号先开通、后备案，审批单位核实后同意补办时，由审批单位填写处理文号或说明，"
        "例如 组宣备〔2026〕5号；单位不要自己填写。",
        "filing",
        default=None,
    )
    changed_on: Day | None = F(
        "变更日期",
        "重新备案时填写：人员或信息实际变更的日期，YYYY-MM-DD（policy.yaml 的 refiling_window 据此计算时限）。",
        "re-filing",
        default=None,
    )


class AnnualReview(Record):
    """年度检查：每年 12 月填写年度检查报告，报审批单位审核。"""

    year: StrictInt = F("年度", "检查所属年度，例如 2025。", "annual-review", ge=2000, le=2100)
    submitted_on: Day = F(
        "报送日期", "年度检查报告报送审批单位的日期，YYYY-MM-DD。", "annual-review"
    )
    result: Literal["pass", "fail"] | None = F(
        "审核结果",
        "审批单位审核后填写：pass 合格；fail 不合格（须整改或注销）。单位报送时可不填。",
        "annual-review",
        default=None,
    )
    reviewed_by: Text | None = F("审核人", "审批单位的审核人。", "annual-review", default=None)
    reviewed_on: Day | None = F(
        "审核日期", "审批单位的审核日期，YYYY-MM-DD。", "annual-review", default=None
    )
    note: Text | None = F("备注", "审核意见或整改要求。", "annual-review", default=None)
    last_post_on: Day | None = F(
        "最后发布日期",
        "报送年检时账号最近一次发布内容的日期，YYYY-MM-DD（policy.yaml 的 activity 据此判断是否长期不更新）。",
        "activity",
        default=None,
    )


class Closure(Record):
    """注销记录。"""

    closed_on: Day = F("注销日期", "账号注销或关闭的日期，YYYY-MM-DD。", "closure")
    reason: Literal["annual-review-failed", "ordered", "unit-request", "merged", "other"] = F(
        "注销原因",
        "annual-review-failed 年审不合格；ordered 学校责令关闭；unit-request 主办单位申请；"
        "merged 并入其他账号；other 其他。",
        "closure",
    )
    ordered_by: Text | None = F(
        "责令单位", "责令关闭的部门，例如审批单位。", "closure", default=None
    )
    note: Text | None = F("说明", "补充说明。", "closure", default=None)


class PersonalHost(Record):
    """由个人代单位开通或运营的账号：此人是谁，身份证复印件是否在案。"""

    name: Text = F("姓名", "代为开通或运营账号的个人（个人信息，不公开）。", "personal-accounts")
    title: Text | None = F("身份", "例如 教师、学生、校友。", "personal-accounts", default=None)
    id_copy: StrictBool = F(
        "身份证复印件已存档",
        "此人的身份证复印件已交主办单位存档填 true。",
        "personal-accounts",
        default=False,
    )
    consent_on: Day | None = F(
        "同意日期",
        "主办单位同意以单位名义开通的日期，YYYY-MM-DD。",
        "personal-accounts",
        default=None,
    )


class Account(Record):
    """一个官方新媒体账号的备案记录（附件1 新媒体建设备案登记表）。"""

    id: str = F(
        "登记编号",
        "本库中的编号：小写字母、数字和连字符，3–64 位，与文件名相同。",
        "filing",
        pattern=ID_PATTERN,
    )
    name: Text = F("新媒体昵称", "账号在平台上显示的名称。", "official-media")
    platform: Text = F(
        "新媒体类型",
        "平台，取 policy/policy.yaml 中 platforms 的键，例如 wechat。",
        "official-media",
    )
    handle: Text = F(
        "新媒体号",
        "公开账号名（微信号、微博账号、抖音号等），必须加引号若为纯数字。",
        "official-media",
    )
    platform_id: Text | None = F(
        "新媒体ID", "平台内部编号（原始ID、UID 等），可不填。", "official-media", default=None
    )
    url: str | None = F(
        "链接",
        "公开访问地址，以 https:// 开头，可不填。",
        "official-media",
        default=None,
        pattern=r"^https?://\S+$",
    )
    unit: str = F(
        "主办单位",
        "主办单位编号，取 policy/units.yaml 中的 id；不能是个人。",
        "host-unit",
        pattern=UNIT_ID_PATTERN,
    )
    purpose: Purpose = F("功能定位", "宗旨、信息发布范围、访问范围（附件1）。", "filing")
    opened_on: Day = F("开通日期", "账号开通日期，YYYY-MM-DD。", "filing")
    verification: Verification = F("实名认证", "平台实名认证情况。", "official-media")
    contact: Contact = F("联系人", "账号联系人（附件1）。", "filing")
    leader: Person = F("主管领导", "主管（分管）领导。", "managers")
    admins: list[Person] = F("后台管理人员", "后台管理人员，至少一人。", "filing", min_length=1)
    reviewers: list[Reviewer] = F(
        "内容审核专人", "负责内容审核的专人，至少一人。", "managers", min_length=1
    )
    reply_commitment_days: StrictInt = F(
        "答复期限承诺（天）",
        "用户咨询不能即时回复时承诺的答复期限，单位：天。",
        "reply-commitment",
    )
    commitment: Commitment = F("管理责任承诺书", "附件2 承诺书的签署情况。", "filing")
    filings: list[Filing] = F(
        "备案记录", "历次备案，按时间先后排列，只能追加。", "filing", min_length=1
    )
    annual_reviews: list[AnnualReview] = F(
        "年度检查记录",
        "历年年度检查，按年份先后排列，只能追加。",
        "annual-review",
        default_factory=list,
    )
    status: Literal["proposed", "active", "rectifying", "closed"] = F(
        "状态",
        "proposed 申请中（已报审批、尚未批准，不得开通使用）；active 正常运行；"
        "rectifying 整改中；closed 已注销。",
        "filing",
    )
    closure: Closure | None = F("注销记录", "状态为 closed 时必填。", "closure", default=None)
    personal_host: PersonalHost | None = F(
        "个人代为开通",
        "账号由个人代主办单位开通或运营时填写；policy.yaml 的 personal_hosting 规定是否允许。",
        "personal-accounts",
        default=None,
    )


class Term(Record):
    """A term of office: a signature or approval counts only on a day inside it."""

    since: Day | None = F(
        "任职起始日", "任职开始日期，YYYY-MM-DD；不写表示一直在任。", default=None
    )
    until: Day | None = F(
        "任职截止日", "离任日期（含当天），YYYY-MM-DD；仍在任不写。", default=None
    )

    def in_office(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    @property
    def term_text(self) -> str:
        if self.since is None and self.until is None:
            return "在任"
        return f"{self.since or '…'} 至 {self.until or '今'}"


class Head(Term):
    """党政主要负责人（第一责任人），带任期：签字按签字当天在任的人判断。"""

    name: Text = F("姓名", "负责人姓名。", "unit-heads")
    title: Text = F("职务", "职务，例如 院长、党委书记。", "unit-heads")


LOGIN_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38})$"


class Approver(Term):
    """审批人：可以审批备案、审核年检并在合并请求中批准的人。"""

    name: Text = F("姓名", "审批人姓名，与 approved_by、reviewed_by 中写的一致。", "filing")
    title: Text | None = F("职务", "职务，例如 宣传科科长。", "filing", default=None)
    github: str | None = F(
        "GitHub 账号",
        "此人在 GitHub 上的登录名（审批检查据此认人）。",
        default=None,
        pattern=LOGIN_PATTERN,
    )
    gitlab: str | None = F(
        "GitLab 账号", "此人在校内 GitLab 上的用户名。", default=None, pattern=LOGIN_PATTERN
    )


ROBOT_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


class Robot(Record):
    """一个工作群机器人。地址和签名密钥是密钥，不写在库里：放在 CI 的密钥（环境变量）中。"""

    kind: Literal["wecom", "dingtalk"] = F(
        "机器人类型", "wecom 企业微信群机器人；dingtalk 钉钉群机器人（加签）。", "annual-review"
    )
    name: str = F(
        "名称",
        "小写字母、数字和连字符，例如 law-office；地址取自环境变量 NMR_ROBOT_<名称>_URL"
        "（连字符写成下划线、字母大写），钉钉的加签密钥取自 NMR_ROBOT_<名称>_SECRET。",
        "annual-review",
        pattern=ROBOT_NAME_PATTERN,
    )


class Notify(Record):
    """到期提醒发到哪里（nmr due --notify）：单位的办公邮箱和工作群机器人。"""

    emails: list[Text] = F(
        "邮箱",
        "单位的办公邮箱（不要写个人邮箱），例如 law-office@culr.edu.cn。",
        "annual-review",
        default_factory=list,
    )
    robots: list[Robot] = F(
        "工作群机器人", "企业微信或钉钉群机器人。", "annual-review", default_factory=list
    )

    @field_validator("emails")
    @classmethod
    def _mail_addresses(cls, emails: list[str]) -> list[str]:
        from email_validator import EmailNotValidError, validate_email

        for address in emails:
            try:
                validate_email(address, check_deliverability=False)
            except EmailNotValidError:
                raise Refusal(NOT_AN_EMAIL(value=address)) from None
        return emails


class Unit(Record):
    """校内单位：部门、系院部、学团组织或业务单位。"""

    id: str = F(
        "单位编号", "小写字母、数字和连字符，也是 accounts/ 下的文件夹名。", pattern=UNIT_ID_PATTERN
    )
    name: Text = F("单位名称", "单位全称，例如 法学院。", "host-unit")
    aliases: list[Text] = F(
        "简称",
        "单位的简称和旧称，例如 经管学院、校团委：nmr import 和 nmr new 据此认出表格和回答里的单位。",
        "host-unit",
        default_factory=list,
    )
    kind: str = F(
        "单位类别",
        "policy.yaml 的 unit_kinds 的键，例如 department 部门；academic 系院部；student-org 学团组织。",
        "unit-kinds",
        pattern=UNIT_ID_PATTERN,
    )
    parent: str | None = F(
        "上级单位",
        "二级单位所属的一级单位编号（policy.yaml 的 unit_kinds 要求时填写）；其账号先经上级单位同意。",
        "unit-kinds",
        default=None,
        pattern=UNIT_ID_PATTERN,
    )
    heads: list[Head] = F(
        "党政主要负责人",
        "第一责任人，备案登记表由其中一人签字。",
        "unit-heads",
        default_factory=list,
    )
    notify: Notify | None = F(
        "提醒方式",
        "nmr due --notify 把本单位的到期事项发到这里（邮件、企业微信或钉钉群）；不写则只在代码平台上提醒。",
        "annual-review",
        default=None,
    )
    team: str = F(
        "审核团队",
        "GitHub 团队，如 @culr/law，写入 CODEOWNERS。",
        "student-org-guidance",
        pattern=TEAM_PATTERN,
    )
    guided_by: list[str] | None = F(
        "指导单位",
        "仅学团组织填写：指导单位（policy.yaml 的 student_org_guides 之一）的单位编号。",
        "student-org-guidance",
        default=None,
    )
    approvers: list[Approver] = F(
        "审批人",
        "本单位可以审批的人及其 GitHub/GitLab 账号：审批单位（policy.yaml 的 approver_unit）"
        "和学团组织的指导单位填写。",
        "student-org-guidance",
        default_factory=list,
    )


class UnitsFile(Record):
    """policy/units.yaml：校内单位名录。"""

    units: list[Unit] = F("单位", "全部校内单位。", "host-unit", min_length=1)


class AnnualReviewWindow(Record):
    month: StrictInt = F(
        "检查月份", "每年进行年度检查的月份，例如 12。", "annual-review", ge=1, le=12
    )
    due: str = F("截止日", "当年报送截止日，MM-DD。", "annual-review", pattern=r"^\d{2}-\d{2}$")
    opens: str | None = F(
        "开始日",
        "从哪天起提醒报送，MM-DD；不写则从检查月份的 1 日起。",
        "annual-review",
        default=None,
        pattern=r"^\d{2}-\d{2}$",
    )


class InputLimits(Record):
    """Bounds on what nmr reads, so that no input can exhaust memory or time."""

    file_bytes: StrictInt = F(
        "文件大小上限（字节）", "一个 YAML 文件的最大字节数。", default=1 << 20, ge=1024
    )
    depth: StrictInt = F("嵌套层数上限", "YAML 嵌套的最大层数。", default=32, ge=4, le=200)
    text_chars: StrictInt = F("文字长度上限", "一个文字字段的最大字符数。", default=2000, ge=100)
    list_items: StrictInt = F("列表长度上限", "一个列表或映射的最大项数。", default=500, ge=10)
    spreadsheet_bytes: StrictInt = F(
        "表格大小上限（字节）",
        "nmr import 读取的 .xlsx 文件的最大字节数。",
        default=4 << 20,
        ge=1024,
    )
    spreadsheet_rows: StrictInt = F(
        "表格行数上限", "nmr import 每个工作表读取的最大行数。", default=20000, ge=10
    )


DOMAIN_PATTERN = r"^([a-z0-9-]{1,63}\.){1,8}[a-z]{2,63}$"


class Platform(Record):
    """一个平台：名称，以及公开查询和实名认证所需的平台特性。"""

    label: Text = F("平台名称", "中文名称，例如 微信公众号。", "official-media")
    domains: list[Annotated[str, Field(pattern=DOMAIN_PATTERN)]] = F(
        "主页域名",
        "账号主页链接可用的域名（小写），例如 weibo.com；公开查询只承认这些域名下的链接。",
        "official-media",
        default_factory=list,
    )
    case_sensitive: StrictBool = F(
        "新媒体号区分大小写",
        "平台的账号名区分大小写时填 true（多数平台不区分）。",
        "host-unit",
        default=False,
    )
    group: StrictBool = F(
        "工作群",
        "微信群、QQ 群、钉钉群等工作群填 true：群号就是加群方式，永远不在公开网站上发布。",
        "official-media",
        default=False,
    )
    verifiable: StrictBool = F(
        "可实名认证",
        "平台支持对账号进行实名认证时为 true；工作群等无法认证的填 false（不要求实名认证）。",
        "official-media",
        default=True,
    )


class Article(Record):
    """One article of the Measures: its number, a short title and its text."""

    number: StrictInt = F("条款编号", "第几条（阿拉伯数字）。", ge=1, le=999)
    title: Text = F("标题", "条款的简短标题，用于条款与规则对照表。")
    title_en: Text | None = F("英文标题", "--lang en 时显示的标题。", default=None)
    not_checkable: Text | None = F(
        "无法检查的原因",
        "没有规则检查这一条时，说明为什么（例如：关于发布内容，须人工审核）。",
        default=None,
    )
    not_checkable_en: Text | None = F("无法检查的原因（英文）", "--lang en 时显示。", default=None)
    text: Text | None = F("原文", "条款原文，规则说明页引用。", default=None)


class Requirement(Record):
    """A requirement the rules check, and where this institution's Measures state it."""

    article: StrictInt | None = F(
        "条款",
        "这项要求所依据的条款编号（articles 中的 number）；不写表示不对应具体条款。",
        default=None,
    )
    severity: Literal["error", "warning"] | None = F(
        "严重程度", "不写则用规则的默认严重程度；写 warning 则只提醒、不阻止合并。", default=None
    )
    enabled: StrictBool = F(
        "启用", "false 表示本单位的办法没有这项要求：相关规则不运行，也不报告。", default=True
    )


class FilingTiming(Record):
    """When a new account's first filing is due, relative to the day it opens (第五条 here)."""

    when: Literal["approved-before-opening", "filed-before-opening", "filed-after-opening"] = F(
        "时限方式",
        "approved-before-opening 须先审批后开通；filed-before-opening 开通前至少 days 天报送备案；"
        "filed-after-opening 开通后 days 天内报送备案。",
        default="approved-before-opening",
    )
    days: StrictInt = F(
        "天数", "与 when 配合的天数；approved-before-opening 不用。", default=0, ge=0, le=366
    )
    count: Literal["calendar", "workdays"] = F(
        "计日方式",
        "calendar 按自然日；workdays 按工作日（国务院公布的节假日与调休安排，来自 chinesecalendar）。",
        default="calendar",
    )


CUSTOM_RULE_ID = r"^[a-z][a-z0-9-]{2,63}$"
FIELD_PATH = r"^[a-z_][a-z0-9_]*(\[[0-9]{1,3}\])?(\.[a-z_][a-z0-9_]*(\[[0-9]{1,3}\])?){0,5}$"
Expression = Annotated[str, Field(min_length=1, max_length=2000)]


class CustomRule(Record):
    """A rule the institution adds in policy.yaml: a CEL expression each record must satisfy.

    As in Kubernetes ValidatingAdmissionPolicy, ``expression`` must evaluate to true; otherwise
    the record gets a finding with ``message`` and ``hint``, placed at ``field``.
    """

    id: str = F(
        "规则编号",
        "自定义规则的编号：小写字母、数字和连字符，不能与内置规则重名，例如 wechat-weekly。",
        pattern=CUSTOM_RULE_ID,
    )
    title: Text = F("规则标题", "一句话说明这条规则要求什么，显示在规则对照表中。")
    requirement: str | None = F(
        "要求",
        "这条规则检查的要求（requirements 中的键），据此引用条款；不写则不引用条款。",
        default=None,
    )
    severity: Literal["error", "warning"] = F(
        "严重程度", "error 阻止合并；warning 只提醒。", default="error"
    )
    when: Expression | None = F(
        "适用条件",
        "CEL 表达式；为 true 时才检查这条规则，例如 record.platform == 'wechat'。",
        default=None,
    )
    expression: Expression = F(
        "检查表达式",
        "CEL 表达式，对每个账号记录求值，必须为 true。可用变量：record（账号记录）、unit（主办单位）、"
        "platform（平台设置）、today（今天）；日期是时间戳，可写 today - record.opened_on > duration('720h')。",
    )
    field: str | None = F(
        "定位字段",
        "问题标在记录的哪个字段上，例如 contact.title、admins[0]；不写则标在文件开头。",
        default=None,
        pattern=FIELD_PATH,
    )
    message: Text = F("问题说明", "不满足时显示的问题（中文）。")
    message_en: Text | None = F("问题说明（英文）", "--lang en 时显示。", default=None)
    hint: Text = F("修改建议", "告诉单位怎样改（中文）。")
    hint_en: Text | None = F("修改建议（英文）", "--lang en 时显示。", default=None)


class UnitKind(Record):
    """A kind of unit (部门、二级学院、校级学生组织…): who signs and who else approves its filings."""

    label: Text = F("类别名称", "中文名称，例如 二级单位、校级学生组织。", "unit-kinds")
    tier: StrictInt | None = F(
        "层级",
        "1 表示一级（校级），2 表示二级（院级）……；有上级单位（parent）的单位，层级须低于上级。",
        "unit-kinds",
        default=None,
        ge=1,
        le=9,
    )
    guided: StrictBool = F(
        "由指导单位指导",
        "true 表示这类单位（如学团组织）须在 guided_by 中写明指导单位（student_org_guides 之一），"
        "指导单位也须批准其账号的变更。",
        "student-org-guidance",
        default=False,
    )
    parent: Literal["none", "optional", "required"] = F(
        "上级单位",
        "required 表示这类单位须在 units.yaml 中写明上级单位（parent），其账号先经上级单位同意；"
        "optional 可写可不写；none 不写。",
        "unit-kinds",
        default="none",
    )
    signed_by: Literal["own", "parent", "guide"] = F(
        "签字负责人",
        "登记表和承诺书由谁签字：own 本单位负责人；parent 上级单位负责人；guide 指导单位负责人。",
        "unit-heads",
        default="own",
    )


def default_unit_kinds() -> dict[str, UnitKind]:
    """The four kinds of the design contract, for a policy that does not list its own."""
    return {
        "department": UnitKind(label="部门"),
        "academic": UnitKind(label="系院部"),
        "student-org": UnitKind(label="学团组织", guided=True),
        "office": UnitKind(label="业务单位"),
    }


class Period(Record):
    """A number of days, counted in calendar days or working days."""

    days: StrictInt = F("天数", "天数。", ge=0, le=366)
    count: Literal["calendar", "workdays"] = F(
        "计日方式",
        "calendar 按自然日；workdays 按工作日（国务院公布的节假日与调休安排，来自 chinesecalendar）。",
        default="calendar",
    )


class Quotas(Record):
    """How many accounts a unit may keep (closed accounts do not count)."""

    per_unit: StrictInt | None = F(
        "每个单位的账号上限",
        "一个单位最多开通的账号数；不写表示不限。",
        "quotas",
        default=None,
        ge=1,
    )
    per_platform: StrictInt | None = F(
        "每个单位每个平台的账号上限",
        "一个单位在同一平台最多开通的账号数，例如 1；不写表示不限。",
        "quotas",
        default=None,
        ge=1,
    )


class Activity(Record):
    """An activity minimum: an account idle longer than this is a 僵尸号."""

    max_idle_days: StrictInt = F(
        "最长不更新天数",
        "年检报送时，距最后一次发布内容不得超过的天数，例如 7（每周至少更新一次）。",
        "activity",
        ge=1,
        le=3660,
    )
    platforms: list[str] = F(
        "适用平台",
        "只对这些平台（platforms 的键）要求；不写表示全部平台。",
        "activity",
        default_factory=list,
    )


EXTRA_KEY_PATTERN = r"^[a-z][a-z0-9_]{1,40}$"


class ExtraField(Record):
    """A record field this institution adds (e.g. 维护方式): shown in the schema, forms and ledger."""

    key: str = F(
        "字段名",
        "记录中的键：小写字母、数字和下划线，例如 maintenance。",
        pattern=EXTRA_KEY_PATTERN,
    )
    title: Text = F("中文名称", "登记表、台账和编辑器提示中显示的名称，例如 维护方式。")
    description: Text | None = F("说明", "怎样填写。", default=None)
    type: Literal["text", "date", "integer", "boolean", "choice"] = F(
        "类型",
        "text 文字；date 日期；integer 整数；boolean true/false；choice 从 choices 中选一个。",
        default="text",
    )
    choices: list[Text] = F("可选值", "type 为 choice 时的可选值。", default_factory=list)
    required: StrictBool = F("必填", "true 表示每个账号记录都须填写。", default=False)
    public: StrictBool = F(
        "公开",
        "true 表示在公开查询网站和 registry.json/csv 中显示；个人信息不得设为公开。",
        default=False,
    )

    @field_validator("key")
    @classmethod
    def _not_builtin(cls, key: str) -> str:
        if key in Account.model_fields:
            raise Refusal(BUILTIN_FIELD(key=key))
        return key

    @property
    def annotation(self) -> Any:
        if self.type == "choice":
            return Literal[tuple(self.choices)] if self.choices else Text
        return {"text": Text, "date": Day, "integer": StrictInt, "boolean": StrictBool}[self.type]


def account_model(extra: Sequence[ExtraField]) -> type[Account]:
    """The account model with this policy's extra fields (the plain model when there are none)."""
    return _extended(tuple(field.model_dump_json() for field in extra)) if extra else Account


@lru_cache(maxsize=16)
def _extended(specs: tuple[str, ...]) -> type[Account]:
    fields = [ExtraField.model_validate_json(spec) for spec in specs]
    definitions: dict[str, Any] = {
        field.key: (
            field.annotation if field.required else field.annotation | None,
            F(
                field.title,
                field.description or field.title,
                **({} if field.required else {"default": None}),
            ),
        )
        for field in fields
    }
    return create_model("Account", __base__=Account, __doc__=Account.__doc__, **definitions)


REGISTRATION_ROWS = (
    "handle",
    "name",
    "platform_id",
    "platform",
    "unit",
    "purpose",
    "contact",
    "leader",
    "admins",
)
FORM_ROWS = (*REGISTRATION_ROWS, "reviewers", "opened_on", "url", "reply_commitment_days")


class RegistrationForm(Record):
    """附件1 备案登记表: its title, the rows it prints in order, and the lines under the table."""

    title: Text = F(
        "标题", "可用 {institution} 学校名称。", default="{institution}新媒体建设备案登记表"
    )
    attachment: str = F("附件编号", "标题上方的附件编号，例如 附件1；可为空。", default="附件1")
    labels: dict[str, Text] = F(
        "行标题",
        "改用本校表格上的叫法，例如 {handle: 微信号}；不写则用字段的中文名称。",
        default_factory=dict,
    )
    rows: list[str] = F(
        "表格各行",
        "按顺序列出登记表的行：handle 新媒体号、name 昵称、platform_id 新媒体ID、platform 类型、"
        "unit 主办单位、purpose 功能定位、contact 联系人、leader 主管领导、admins 后台管理人员、"
        "reviewers 内容审核专人、opened_on 开通日期、url 链接、reply_commitment_days 答复期限，"
        "以及 extra_fields 中的字段名。其后总是主办单位（及上级、指导单位）意见栏。",
        default_factory=lambda: list(REGISTRATION_ROWS),
    )
    notes: list[Text] = F(
        "表下说明",
        "表格下方的说明行，可用 {approver} 审批单位名称、{institution}。",
        default_factory=lambda: ["注：登记表需要盖章后交至{approver}备案"],
    )
    footer: str = F("落款", "右下角的制表单位，可用 {approver}；可为空。", default="{approver}制")


class CommitmentForm(Record):
    """附件2 管理责任承诺书: title, opening paragraph and the commitments, as the Measures print them."""

    title: Text = F("标题", "可用 {institution}。", default="{institution}新媒体管理责任承诺书")
    attachment: str = F("附件编号", "例如 附件2；可为空。", default="附件2")
    intro: Text = F(
        "开头",
        "可用 {measures} 办法名称、{unit} 主办单位、{platform} 平台与账号。",
        default="按照《{measures}》，我单位（部门）{unit}开通了新媒体工作平台{platform}。"
        "在新媒体建设与管理运行中，我们承诺做到：",
    )
    items: list[Text] = F(
        "承诺事项", "逐条列出承诺内容，可用 {institution}。", default_factory=list
    )


class AnnualReportForm(Record):
    """The annual review report: title, opening line and the unit's self-check questions."""

    title: Text = F(
        "标题",
        "可用 {institution}、{year}。",
        default="{institution}新媒体年度检查报告（{year} 年度）",
    )
    intro: Text = F(
        "开头",
        "可用 {measures}、{approver}、{art_annual_review} 等条款引用。",
        default="依据《{measures}》{art_annual_review}，填写本报告，报{approver}进行年度审核检查。",
    )
    questions: list[Text] = F(
        "自查事项",
        "单位自查部分逐条列出的问题，可用 {art_<要求>} 引用条款。",
        default_factory=lambda: [
            "1. 本年度发布信息数量（条）及主要内容：",
            "2. 存在的问题及整改措施：",
        ],
    )


class Forms(Record):
    """The texts of the printed forms (附件1, 附件2, the annual report) of this institution."""

    registration: RegistrationForm = F("备案登记表", "附件1。", default=RegistrationForm())
    commitment: CommitmentForm = F("管理责任承诺书", "附件2。", default=CommitmentForm())
    annual_report: AnnualReportForm = F(
        "年度检查报告", "年度检查报告。", default=AnnualReportForm()
    )


def _platform(value: Any) -> Any:
    return {"label": value} if isinstance(value, str) else value


class Policy(Record):
    """policy/policy.yaml：办法中的可调参数。其他单位改这一个文件即可采用本工具。"""

    institution: Text = F("学校名称", "出现在登记表、承诺书和公开页面上的学校名称。")
    measures: Text = F("办法名称", "所依据的管理办法全称。")
    effective_on: Day = F("施行日期", "办法施行日期。", "effective-date")
    grandfather_deadline: Day = F(
        "补办备案截止日", "已开通账号补办备案的截止日期。", "grandfather-filing"
    )
    timezone: Zone = F("时区", "判断日期所用的时区，例如 Asia/Shanghai。")
    approver_unit: str = F("审批单位", "审批各单位备案的单位编号。", "student-org-guidance")
    student_org_guides: list[str] = F(
        "学团指导单位", "指导学团组织的单位编号。", "student-org-guidance"
    )
    support_unit: str = F(
        "技术支持单位",
        "提供实名认证材料等技术支持的单位（信息化部门）的单位编号。",
        "student-org-guidance",
    )
    docs_url: str | None = F(
        "规则说明页地址",
        "本库 docs/rules/ 的网址（以 / 结尾），检查结果和公开网站的规则链接指向这里；"
        "不写则指向本工具上游仓库的规则说明。",
        default=None,
        pattern=r"^https://\S+/$",
    )
    maintainers: str = F(
        "维护团队", "维护本库代码的 GitHub 团队，写入 CODEOWNERS。", pattern=TEAM_PATTERN
    )
    annual_review: AnnualReviewWindow | None = F(
        "年度检查", "年度检查的月份、开始日和截止日；写 null 表示不实行年度检查。", "annual-review"
    )
    reply_commitment_max_days: StrictInt | None = F(
        "答复期限上限（天）",
        "reply_commitment_days 允许的最大值；不写表示不设上限（只须至少 1 天）。",
        "reply-commitment",
        default=None,
        ge=1,
    )
    rectification_days: StrictInt | None = F(
        "整改期限（天）",
        "年审不合格后整改（status: rectifying）的最长天数，超过仍无合格复查为错误；写 null 表示不设期限。",
        "annual-review",
        default=90,
        ge=1,
    )
    verification_grace_days: StrictInt | None = F(
        "实名认证宽限（天）",
        "开通后多少天内仍未实名认证只提醒，超过则警告；写 null 表示没有宽限（开通即须认证）。",
        "official-media",
        default=90,
        ge=0,
    )
    platforms: dict[str, Annotated[Platform, BeforeValidator(_platform)]] = F(
        "平台",
        "平台键与中文名称；可写成 {label, domains, case_sensitive, verifiable}。",
        "official-media",
        min_length=1,
    )

    def platform_label(self, key: str) -> str:
        platform = self.platforms.get(key)
        return platform.label if platform is not None else key

    @property
    def platform_labels(self) -> dict[str, str]:
        return {key: platform.label for key, platform in self.platforms.items()}

    published_audiences: list[Literal["public", "campus", "internal"]] = F(
        "公开网站收录的访问范围",
        "哪些访问范围的账号列入公开查询网站和 registry.json/csv；internal（单位内部工作群等）"
        "不应公开，以免泄露加群号码。",
        default_factory=lambda: ["public"],
    )
    own_choices: list[
        Literal[
            "reply_commitment_max_days",
            "rectification_days",
            "verification_grace_days",
            "grandfather_deadline",
            "annual_review",
            "filing_timing",
            "refiling_window",
            "quotas",
            "activity",
        ]
    ] = F(
        "本校自定的数值",
        "policy.yaml 中哪些键的数值是本单位自己定的、《办法》本身没有规定（如答复期限上限、整改期限）："
        "检查结果引用这些数值时注明“本校自定”，不说成《办法》规定。",
        default_factory=list,
    )

    def source(self, key: str) -> Literal["measures", "own", "default"]:
        """Who set the number at ``key``: the Measures, the institution, or this tool's default."""
        if key not in self.model_fields_set:
            return "default"
        return "own" if key in self.own_choices else "measures"

    filing_timing: FilingTiming = F(
        "首次备案时限",
        "新账号的首次备案何时到期：先审批后开通（本校），或开通前/后若干（工作）日内报送。",
        "filing",
        default=FilingTiming(),
    )
    articles: list[Article] = F(
        "条款", "办法的全部条款：编号、标题、原文；条款与规则对照表据此生成。", default_factory=list
    )
    requirements: dict[str, Requirement] = F(
        "要求",
        "规则检查的每项要求（filing、re-filing、annual-review…）对应哪一条、严重程度、是否启用。",
        default_factory=dict,
    )

    def article(self, number: int) -> Article | None:
        return next((article for article in self.articles if article.number == number), None)

    def requirement(self, key: str | None) -> Requirement:
        """The policy's setting for ``key``; a key the policy does not list cites no article."""
        return self.requirements.get(key, Requirement()) if key else Requirement()

    refiling_window: Period | None = F(
        "重新备案时限",
        "变更后多少（工作）日内须重新备案（按备案记录的 changed_on 计算）；不写表示不限时限，"
        "只须在同一次变更中补上备案。",
        "re-filing",
        default=None,
    )
    unit_kinds: dict[str, UnitKind] = F(
        "单位类别",
        "units.yaml 中 kind 可用的类别：名称、层级、是否由指导单位指导、是否有上级单位、由谁签字。",
        "unit-kinds",
        default_factory=default_unit_kinds,
    )
    quotas: Quotas = F(
        "账号数量上限", "每个单位、每个平台可开通的账号数。", "quotas", default=Quotas()
    )
    personal_hosting: Literal["forbidden", "with-id-copy", "allowed"] = F(
        "个人代为开通",
        "记录中有 personal_host（由个人代单位开通或运营）时：forbidden 不允许，须改由单位开通或关闭；"
        "with-id-copy 允许，但须有单位同意日期和身份证复印件存档；allowed 允许。",
        "personal-accounts",
        default="forbidden",
    )
    activity: Activity | None = F(
        "更新频率要求", "账号最长多久不更新算作“僵尸号”；不写表示不要求。", "activity", default=None
    )
    extra_fields: list[ExtraField] = F(
        "自定义字段",
        "本单位登记表特有的字段（如 维护方式）：写入 JSON Schema、登记表和台账；public: true 的才公开。",
        default_factory=list,
    )
    refiling_fields: list[str] = F(
        "须重新备案的变更",
        "记录中哪些内容变更后须重新备案：leader 主管领导、admins 后台管理人员、reviewers 内容审核专人、"
        "contact 联系人、unit 主办单位、name 账号名称、handle 新媒体号（人员按姓名比较），"
        "或 extra_fields 中的字段名。",
        "re-filing",
        default_factory=lambda: ["leader", "admins", "unit"],
    )

    @field_validator("refiling_fields")
    @classmethod
    def _known_fields(cls, fields: list[str], info: ValidationInfo) -> list[str]:
        extra = {field.key for field in info.data.get("extra_fields") or []}
        for key in fields:
            if key not in REFILING_FIELDS and key not in extra:
                raise Refusal(NOT_COMPARABLE(key=key, known=[*REFILING_FIELDS, *sorted(extra)]))
        return fields

    forms: Forms = F(
        "表格文字",
        "登记表（附件1）的行和说明、承诺书（附件2）的承诺事项、年度检查报告的自查事项。",
        default=Forms(),
    )

    @field_validator("forms")
    @classmethod
    def _known_rows(cls, forms: Forms, info: ValidationInfo) -> Forms:
        extra = {field.key for field in info.data.get("extra_fields") or []}
        for key in forms.registration.rows:
            if key not in FORM_ROWS and key not in extra:
                raise Refusal(NOT_A_FORM_ROW(key=key, known=[*FORM_ROWS, *sorted(extra)]))
        return forms

    custom_rules: list[CustomRule] = F(
        "自定义规则",
        "本单位办法特有、内置规则没有的要求：每条是一个 CEL 表达式，账号记录必须满足。",
        default_factory=list,
    )

    limits: InputLimits = F(
        "输入上限",
        "文件大小、嵌套层数、文字和列表长度的上限；不写则用默认值。",
        default=InputLimits(),
    )
