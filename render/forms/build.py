"""The three forms, built from a record: 附件1 登记表, 附件2 承诺书, and the annual report.

附件1 follows the seed's table row by row: 新媒体号, 新媒体昵称, 新媒体ID, 新媒体类型,
主办单位, 功能定位, then 联系人 / 主管领导 / 后台管理人员 (two rows each: 姓名·职务,
联系电话·邮箱; 联系人 also QQ号; one pair of rows per administrator), then 主办单位意见 with
room for the signature, the seal and the date, and the footnote.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nmr.render.forms.model import Cell, Form, Paragraph, Table
from nmr.render.forms.record import PersonView, RecordView
from nmr.schemas.labels import CLOSURE_REASON, FILING_REASON, STATUS
from nmr.schemas.models import Account
from nmr.schemas.text import art, cited

# label | sub-label | value | sub-label | value  (A4 text width 16 cm)
WIDTHS = (2.7, 2.0, 4.1, 1.6, 5.6)
REPORT_WIDTHS = (2.8, 1.8, 4.0, 2.4, 5.0)
BLANK_DATE = "年　　月　　日"
SIGN_LINE = "＿" * 8  # as the 承诺书's 承诺人：＿＿＿＿＿＿＿＿


def _single(label: str, value: str) -> tuple[Cell, ...]:
    return (Cell(label, label=True), Cell(value, colspan=4))


def _person_rows(
    label: str, person: PersonView, *, with_qq: bool = False
) -> list[tuple[Cell, ...]]:
    span = 3 if with_qq else 2
    rows = [
        (
            Cell(label, label=True, rowspan=span),
            Cell("姓名", label=True),
            Cell(person.name),
            Cell("职务", label=True),
            Cell(person.title),
        ),
        (
            Cell("联系电话", label=True),
            Cell(person.phone),
            Cell("邮箱", label=True),
            Cell(person.email),
        ),
    ]
    if with_qq:
        rows.append((Cell("QQ号", label=True), Cell(person.qq, colspan=3)))
    return rows


def _guide_rows(view: RecordView) -> list[tuple[Cell, ...]]:
    """The parent unit, then a student organisation's guide units, give their opinion too."""
    rows: list[tuple[Cell, ...]] = []
    if view.parent:
        rows.append(
            (
                Cell("上级单位意见", label=True),
                Cell(
                    f"（{view.parent}，{art('unit-kinds')}）" + _signature(),
                    colspan=4,
                    height_cm=3.0,
                    align="right",
                ),
            )
        )
    if not view.guides:
        return rows
    return [
        *rows,
        (
            Cell("指导单位意见", label=True),
            Cell(
                f"（{'、'.join(view.guides)}，{art('student-org-guidance')}）" + _signature(),
                colspan=4,
                height_cm=3.0,
                align="right",
            ),
        ),
    ]


def _purpose(view: RecordView) -> str:
    return "；".join(
        part
        for part in (
            f"宗旨：{view.get('purpose', 'mission').rstrip('。；;')}"
            if view.get("purpose", "mission")
            else "",
            f"信息发布范围：{view.get('purpose', 'scope')}" if view.get("purpose", "scope") else "",
            f"访问范围：{view.audience_label}" if view.audience_label else "",
        )
        if part
    )


def _admin_rows(view: RecordView, label: str) -> list[tuple[Cell, ...]]:
    admins = view.people("admins") or [PersonView()]
    rows: list[tuple[Cell, ...]] = []
    for number, admin in enumerate(admins, start=1):
        rows += _person_rows(label if len(admins) == 1 else f"{label}{number}", admin)
    return rows


def _extra_value(view: RecordView, key: str) -> str:
    value = view.data.get(key)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


RowBuilder = Callable[[RecordView, str], list[tuple[Cell, ...]]]
ROWS: dict[str, RowBuilder] = {
    "platform": lambda view, label: [_single(label, view.platform_label)],
    "unit": lambda view, label: [_single(label, view.unit_name)],
    "purpose": lambda view, label: [
        (
            Cell(label, label=True),
            Cell(f"（宗旨、信息发布范围、访问范围等）\n{_purpose(view)}", colspan=4, height_cm=1.7),
        )
    ],
    "contact": lambda view, label: _person_rows(label, view.person("contact"), with_qq=True),
    "leader": lambda view, label: _person_rows(label, view.person("leader")),
    "admins": _admin_rows,
    "reviewers": lambda view, label: [_single(label, _names(view.people("reviewers")))],
    "reply_commitment_days": lambda view, label: [
        _single(
            label,
            f"{view.get('reply_commitment_days')} 天" if view.get("reply_commitment_days") else "",
        )
    ],
}


def _label(view: RecordView, key: str) -> str:
    """The row's title: the form's own word, else the field's Chinese title."""
    labels = view.policy.forms.registration.labels
    if key in labels:
        return labels[key]
    field = Account.model_fields.get(key)
    if field is not None and field.title:
        return field.title
    extra = next((f for f in view.policy.extra_fields if f.key == key), None)
    return extra.title if extra is not None else key


def _row(view: RecordView, key: str) -> list[tuple[Cell, ...]]:
    label = _label(view, key)
    build = ROWS.get(key)
    if build is not None:
        return build(view, label)
    if key in Account.model_fields:
        return [_single(label, view.get(key))]
    return [_single(label, _extra_value(view, key))]


def fill(text: str, view: RecordView, **values: object) -> str:
    """A policy text with its {institution}, {measures}, {approver}, {art_…} fields filled.

    Only plain names are replaced: a text from policy.yaml never reaches attributes or items,
    and an unknown name stays as written rather than failing the whole form.
    """
    known: dict[str, object] = {
        "institution": view.policy.institution,
        "measures": view.policy.measures,
        "approver": view.approver,
        "unit": view.unit_name,
        **values,
    }
    filled = FIELD.sub(lambda m: str(known[m[1]]) if m[1] in known else m[0], text)
    return cited(filled)


FIELD = re.compile(r"\{([a-z_]+)\}")


PERSON_FIELDS = (
    ("name", "姓名"),
    ("title", "职务"),
    ("phone", "联系电话"),
    ("email", "邮箱"),
    ("qq", "QQ号"),
)


def _person_changes(label: str, old: PersonView, new: PersonView) -> list[str]:
    lines = []
    for key, title in PERSON_FIELDS:
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            lines.append(f"{label}{title}：{before or '（无）'} → {after or '（无）'}")
    return lines


def changes(view: RecordView) -> list[str]:
    """Old → new for every manager field a change filing changes (第五条: managers change,
    the unit files again), as the approver compares them."""
    if view.before is None:
        return []
    before = RecordView(view.before, view.policy, view.unit)
    lines: list[str] = []
    for key in ("contact", "leader"):
        lines += _person_changes(_label(view, key), before.person(key), view.person(key))
    old_admins, new_admins = before.people("admins"), view.people("admins")
    label = _label(view, "admins")
    for number in range(max(len(old_admins), len(new_admins))):
        old = old_admins[number] if number < len(old_admins) else PersonView()
        new = new_admins[number] if number < len(new_admins) else PersonView()
        lines += _person_changes(f"{label}{number + 1}", old, new)
    old_reviewers, new_reviewers = (
        _names(before.people("reviewers")),
        _names(view.people("reviewers")),
    )
    if old_reviewers != new_reviewers:
        lines.append(
            f"{_label(view, 'reviewers')}：{old_reviewers or '（无）'} → {new_reviewers or '（无）'}"
        )
    return lines


def _signature(lead: str = "\n") -> str:
    """Room to sign and seal: a line to write on after each word, never flush against it."""
    return f"{lead}\n签字：{SIGN_LINE}\n公章：{SIGN_LINE}\n{BLANK_DATE}"


def registration(view: RecordView, draft: bool, change: bool = False) -> Form:
    texts = view.policy.forms.registration
    rows: list[tuple[Cell, ...]] = []
    for key in texts.rows:
        rows += _row(view, key)
    changed = changes(view) if change else []
    if change:
        rows.append(
            (
                Cell("变更内容", label=True),
                Cell("\n".join(changed) or "（与上次备案相比，人员信息没有变化）", colspan=4),
            )
        )
    opinion = _signature()
    rows.append(
        (Cell("主办单位意见", label=True), Cell(opinion, colspan=4, height_cm=3.2, align="right"))
    )
    rows += _guide_rows(view)
    notes = [Paragraph(fill(note, view), space_before_pt=6) for note in texts.notes]
    footer = [Paragraph(fill(texts.footer, view), align="right")] if texts.footer else []
    return Form(
        "-登记表-变更" if change else "-登记表",
        fill(texts.title, view) + ("（变更）" if change else ""),
        texts.attachment,
        draft,
        (Table(WIDTHS, tuple(rows)), *notes, *footer),
    )


def commitment(view: RecordView, draft: bool) -> Form:
    texts = view.policy.forms.commitment
    # A filled blank of the printed form: set off by spaces so it never runs into the words
    # around it (“平台 微信公众号“…”（…） 。”).
    platform = f" {view.platform_label}“{view.get('name')}”（{view.get('handle')}） "
    return Form(
        "-承诺书",
        fill(texts.title, view),
        texts.attachment,
        draft,
        (
            Paragraph(f"{view.approver}：", space_before_pt=12),
            Paragraph(
                fill(texts.intro, view, platform=platform, unit=f" {view.unit_name} "),
                indent=True,
            ),
            *(Paragraph(fill(item, view), indent=True) for item in texts.items),
            Paragraph("承诺人：＿＿＿＿＿＿＿＿", align="right", space_before_pt=36),
            Paragraph("承诺单位（部门）盖章", align="right", space_before_pt=24),
            Paragraph(BLANK_DATE, align="right", space_before_pt=24),
        ),
    )


def _names(people: list[PersonView]) -> str:
    return "、".join(f"{p.name}（{p.title}）" if p.title else p.name for p in people if p.name)


def _year_changes(view: RecordView, year: int) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    for filing in view.items("filings"):
        filed = str(filing.get("filed_on") or "")
        if filed.startswith(str(year)):
            reason = FILING_REASON.get(str(filing.get("reason")), str(filing.get("reason") or ""))
            approval = (
                f"{filing.get('approved_by') or ''} {filing.get('approved_on') or ''}".strip()
                or "待审批"
            )
            rows.append(
                (
                    Cell(filed),
                    Cell(reason, colspan=2),
                    Cell(f"签字：{filing.get('signed_by') or ''}；审批：{approval}", colspan=2),
                )
            )
    if not rows:
        rows.append((Cell(f"{year} 年度无备案变更", colspan=5),))
    return rows


def _verification(view: RecordView) -> str:
    """已认证（主体，日期） or 未认证: the cell is never left blank."""
    if view.get("verification", "verified") != "是":
        return "未认证"
    details = "，".join(
        part
        for part in (view.get("verification", "subject"), view.get("verification", "verified_on"))
        if part
    )
    return f"已认证（{details}）" if details else "已认证"


def annual_report(view: RecordView, year: int, draft: bool) -> Form:
    verification = _verification(view)
    facts = (
        (
            Cell("新媒体号", label=True),
            Cell(view.get("handle"), colspan=2),
            Cell("新媒体类型", label=True),
            Cell(view.platform_label),
        ),
        (
            Cell("新媒体昵称", label=True),
            Cell(view.get("name"), colspan=2),
            Cell("登记编号", label=True),
            Cell(view.id),
        ),
        (
            Cell("主办单位", label=True),
            Cell(view.unit_name, colspan=2),
            Cell("开通日期", label=True),
            Cell(view.get("opened_on")),
        ),
        (
            Cell("实名认证", label=True),
            Cell(verification, colspan=2),
            Cell("访问范围", label=True),
            Cell(view.audience_label),
        ),
        (
            Cell("答复期限承诺", label=True),
            Cell(
                f"{view.get('reply_commitment_days')} 天"
                if view.get("reply_commitment_days")
                else "",
                colspan=2,
            ),
            Cell("当前状态", label=True),
            Cell(STATUS.get(view.get("status"), view.get("status"))),
        ),
        (Cell("主管领导", label=True), Cell(_names([view.person("leader")]), colspan=4)),
        (Cell("后台管理人员", label=True), Cell(_names(view.people("admins")), colspan=4)),
        (Cell("内容审核专人", label=True), Cell(_names(view.people("reviewers")), colspan=4)),
    )
    changes_head = (
        Cell("日期", label=True),
        Cell("事项", label=True, colspan=2),
        Cell("签字与审批", label=True, colspan=2),
    )
    texts = view.policy.forms.annual_report
    self_check = tuple(
        (Cell(fill(question, view, year=year), colspan=5, height_cm=1.6),)
        for question in texts.questions
    )
    sign = (
        (
            Cell("主办单位意见", label=True),
            Cell(
                f"\n负责人签字：{SIGN_LINE}\n公章：{SIGN_LINE}\n{BLANK_DATE}",
                colspan=4,
                height_cm=3.0,
                align="right",
            ),
        ),
        *_guide_rows(view),
        (
            Cell(f"{view.approver}审核意见", label=True),
            Cell(
                f"□ 合格　　□ 不合格（责令整改）　　□ 注销\n\n审核人：{SIGN_LINE}\n{BLANK_DATE}",
                colspan=4,
                height_cm=3.0,
                align="right",
            ),
        ),
    )
    return Form(
        f"-{year}-年度检查报告",
        fill(texts.title, view, year=year),
        "",
        draft,
        (
            Paragraph(fill(texts.intro, view, year=year), size_pt=10.5),
            Paragraph("一、账号基本情况", bold=True, space_before_pt=6, keep_with_next=True),
            Table(REPORT_WIDTHS, facts),
            Paragraph(
                f"二、{year} 年度备案变更（自备案记录生成）",
                bold=True,
                space_before_pt=6,
                keep_with_next=True,
            ),
            Table(REPORT_WIDTHS, (changes_head, *_year_changes(view, year))),
            Paragraph("三、单位自查情况", bold=True, space_before_pt=6, keep_with_next=True),
            Table(REPORT_WIDTHS, self_check),
            Paragraph("四、审核", bold=True, space_before_pt=6, keep_with_next=True),
            Table(REPORT_WIDTHS, sign),
        ),
    )


def closure(view: RecordView, draft: bool) -> Form:
    """注销（关闭）备案表 (第六条, 第十四条): what was closed, when, why, and who agrees."""
    reason = CLOSURE_REASON.get(view.get("closure", "reason"), view.get("closure", "reason"))
    rows: list[tuple[Cell, ...]] = [
        _single("新媒体号", view.get("handle")),
        _single("新媒体昵称", view.get("name")),
        _single("新媒体类型", view.platform_label),
        _single("主办单位", view.unit_name),
        _single("登记编号", view.id),
        _single("注销日期", view.get("closure", "closed_on")),
        _single("注销原因", reason),
        _single("责令单位", view.get("closure", "ordered_by")),
        (Cell("说明", label=True), Cell(view.get("closure", "note"), colspan=4, height_cm=2.0)),
        (
            Cell("主办单位意见", label=True),
            Cell(_signature(), colspan=4, height_cm=3.2, align="right"),
        ),
        *_guide_rows(view),
    ]
    institution = view.policy.institution
    return Form(
        "-注销备案表",
        f"{institution}新媒体账号注销（关闭）备案表",
        "",
        draft,
        (
            Table(WIDTHS, tuple(rows)),
            Paragraph(
                cited(
                    "注：账号注销后，备案记录保留，公开查询页面显示为“已注销”（{art_closure}）。"
                ),
                space_before_pt=6,
            ),
        ),
    )
