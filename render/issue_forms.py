"""The issue forms units fill instead of writing YAML, generated from the registry's policy.

Four forms (登记新账号, 变更管理人员, 年度检查, 注销账号) as GitHub issue forms
(``.github/ISSUE_TEMPLATE/*.yml``) and GitLab issue templates (``.gitlab/issue_templates/*.md``,
rendered from the same definitions). The platforms, units, audiences and closure reasons are
this registry's own, so a fork's forms offer its own choices; ``nmr forms --check`` fails on
drift. A field's ``id`` is the answer key of ``nmr new`` (``nmr from-issue`` reads a filled form
into the same answers), and its label is the heading GitHub writes above the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from nmr.engine.registry import Registry
from nmr.schemas.labels import AUDIENCE, CLOSURE_REASON
from nmr.schemas.text import art

GITHUB_FOLDER = ".github/ISSUE_TEMPLATE"
PERSON = "姓名、职务、联系电话、邮箱，用逗号隔开"


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    label: str
    kind: str = "input"  # input, textarea, dropdown
    description: str = ""
    required: bool = True
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Form:
    key: str  # register, change-managers, annual-review, close
    name: str  # the form's title, its label, and the GitLab template's file name
    description: str
    intro: str
    fields: tuple[Field, ...]
    confirm: tuple[str, ...] = field(default_factory=tuple)  # checkboxes, all required

    @property
    def by_label(self) -> dict[str, Field]:
        return {item.label: item for item in self.fields}


def _account() -> Field:
    return Field("account", "账号编号或新媒体号", description="例如 law-wechat，或账号的新媒体号")


def _register(registry: Registry) -> Form:
    policy = registry.policy
    return Form(
        "register",
        "登记新账号",
        f"开通新的官方新媒体账号前，按附件1《新媒体建设备案登记表》申请备案（{art('filing')}）。",
        "按附件1填写，提交后本库自动生成账号记录并开启合并请求，审批单位审核后合并。"
        "个人信息只用于内部台账和登记表，不会出现在公开页面上。",
        (
            Field(
                "unit",
                "主办单位",
                "dropdown",
                f"不能是个人（{art('host-unit')}）",
                options=tuple(unit.name for unit in registry.units),
            ),
            Field(
                "platform", "新媒体类型", "dropdown", options=tuple(policy.platform_labels.values())
            ),
            Field("name", "新媒体昵称"),
            Field(
                "handle", "新媒体号", description="微信号、微博账号、抖音号等（未开通可填拟用名称）"
            ),
            Field(
                "platform_id",
                "新媒体ID",
                description="原始ID、UID 等，未开通可不填",
                required=False,
            ),
            Field("url", "链接", description="以 https:// 开头，可不填", required=False),
            Field("mission", "宗旨"),
            Field("scope", "信息发布范围"),
            Field("audience", "访问范围", "dropdown", options=tuple(AUDIENCE.values())),
            Field(
                "opened_on",
                "开通日期",
                description="已开通的写开通日期，计划开通的写计划日期，例如 2026-12-01",
            ),
            Field("verified", "是否已完成平台实名认证", "dropdown", options=("否", "是")),
            Field("verified_subject", "认证主体", description="已认证时填写", required=False),
            Field("verified_on", "认证日期", description="已认证时填写", required=False),
            Field("contact", "联系人", description=f"{PERSON}，可再加 QQ号"),
            Field("leader", "主管领导", description=PERSON),
            Field("admin", "后台管理人员", "textarea", f"每人一行：{PERSON}"),
            Field("reviewer", "内容审核专人", "textarea", "每人一行：姓名、职务"),
            Field(
                "reply_days",
                "答复期限（天）",
                description=f"用户咨询不能即时回复时承诺的答复期限（{art('reply-commitment')}）",
            ),
            Field("signed_by", "登记表签字负责人", description="本单位党政主要负责人的姓名"),
            Field(
                "commitment_by",
                "承诺书签字负责人",
                description="不填则同登记表签字负责人",
                required=False,
            ),
            Field(
                "filed_on",
                "登记表报送日期",
                description="例如 2026-12-01；不填则为今天",
                required=False,
            ),
        ),
        ("登记表已由本单位党政主要负责人签字并加盖公章", "已签署附件2《新媒体管理责任承诺书》"),
    )


def _change(registry: Registry) -> Form:
    same = "未变更请写“不变”"
    return Form(
        "change-managers",
        "变更管理人员",
        f"主管领导、后台管理人员、联系人或内容审核专人变更，须重新填写登记表报审批单位备案（{art('refiling')}）。",
        "写变更后的人员；未变更的写“不变”。提交后本库自动修改账号记录、追加一条变更备案并开启合并请求。",
        (
            _account(),
            Field("leader", "主管领导（变更后）", description=f"{PERSON}；{same}"),
            Field("admin", "后台管理人员（变更后）", "textarea", f"每人一行：{PERSON}；{same}"),
            Field("contact", "联系人（变更后）", description=f"{PERSON}，可再加 QQ号；{same}"),
            Field(
                "reviewer", "内容审核专人（变更后）", "textarea", f"每人一行：姓名、职务；{same}"
            ),
            Field("changed_on", "变更日期", description="人员实际变更的日期，例如 2026-12-01"),
            Field("signed_by", "登记表签字负责人", description="本单位党政主要负责人的姓名"),
            Field("filed_on", "登记表报送日期", description="不填则为今天", required=False),
        ),
        ("重新填写的登记表已由本单位党政主要负责人签字并加盖公章",),
    )


def _review(registry: Registry) -> Form:
    return Form(
        "annual-review",
        "年度检查",
        f"每年的年度检查：报送年度检查报告（{art('annual-review')}）。",
        "提交后本库在账号记录中追加一条年度检查报送记录并开启合并请求；审核结果由审批单位填写。",
        (
            _account(),
            Field("year", "年度", description="例如 2026"),
            Field("submitted_on", "报送日期", description="不填则为今天", required=False),
            Field(
                "last_post_on",
                "最后发布日期",
                description="账号最近一次发布内容的日期，可不填",
                required=False,
            ),
        ),
        ("年度检查报告已由本单位党政主要负责人签字并加盖公章",),
    )


def _close(registry: Registry) -> Form:
    return Form(
        "close",
        "注销账号",
        f"账号停止运营或被责令关闭。账号记录不会删除，而是标为已注销（{art('closure')}）。",
        "提交后本库把账号记录改为已注销并开启合并请求。",
        (
            _account(),
            Field("closed_on", "注销日期", description="例如 2026-12-01"),
            Field("reason", "注销原因", "dropdown", options=tuple(CLOSURE_REASON.values())),
            Field("ordered_by", "责令单位", description="责令关闭时填写", required=False),
            Field("note", "说明", "textarea", required=False),
        ),
    )


def forms(registry: Registry) -> list[Form]:
    return [builder(registry) for builder in (_register, _change, _review, _close)]


def github_form(form: Form) -> str:
    """A GitHub issue form (YAML)."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": form.intro}}]
    for item in form.fields:
        attributes: dict[str, Any] = {"label": item.label}
        if item.description:
            attributes["description"] = item.description
        if item.options:
            attributes["options"] = list(item.options)
        body.append(
            {
                "type": item.kind,
                "id": item.id,
                "attributes": attributes,
                "validations": {"required": item.required},
            }
        )
    if form.confirm:
        body.append(
            {
                "type": "checkboxes",
                "id": "confirm",
                "attributes": {
                    "label": "主办单位确认",
                    "options": [{"label": text, "required": True} for text in form.confirm],
                },
            }
        )
    document = {
        "name": form.name,
        "description": form.description,
        "title": f"【{form.name}】",
        "labels": [form.name],
        "body": body,
    }
    header = "# 由 nmr forms 根据 policy/ 生成，请勿手工修改。\n"
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def github_forms(registry: Registry) -> dict[str, str]:
    """Path → text of every GitHub issue form."""
    return {f"{GITHUB_FOLDER}/{form.key}.yml": github_form(form) for form in forms(registry)}
