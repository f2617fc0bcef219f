"""The reviewer's one-screen summary of a pull request (``nmr check --base REF --summary FILE``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from nmr.engine.base import AccountChange, ChangeSet
from nmr.engine.office import routes
from nmr.engine.paper import for_change
from nmr.engine.people import manager_changes, mask
from nmr.engine.registry import Registry
from nmr.render.escape import markdown as md
from nmr.render.escape import markdown_code as code
from nmr.render.site.public import NOT_ABOUT_STANDING, STANDING, standing
from nmr.schemas.finding import Finding, Severity
from nmr.schemas.labels import AUDIENCE, CLOSURE_REASON, FILING_REASON, STATUS
from nmr.schemas.models import REFILING_REASONS, Account, AnnualReview, Filing, Person, Policy
from nmr.schemas.text import art, article_label

COLLAPSE_FROM = 8  # accounts; above this, each unit folds into its own <details>
SHOWN_FINDINGS = 15
FIELD_LABELS = {
    "name": "昵称",
    "platform": "平台",
    "handle": "新媒体号",
    "platform_id": "新媒体ID",
    "url": "链接",
    "unit": "主办单位",
    "purpose": "功能定位",
    "opened_on": "开通日期",
    "verification": "实名认证",
    "contact": "联系人",
    "leader": "主管领导",
    "admins": "后台管理人员",
    "reviewers": "内容审核专人",
    "reply_commitment_days": "答复期限",
    "commitment": "承诺书",
    "filings": "备案记录",
    "annual_reviews": "年度检查",
    "status": "状态",
    "closure": "注销记录",
}


def _person(person: Person) -> str:
    return f"{md(person.name)}（{md(person.title)}）"


def _kind(item: AccountChange) -> str:
    if item.status == "deleted":
        return "deleted"
    if item.new is None:
        return "invalid"
    if item.old is None:
        return "added"
    if item.new.account.status == "closed" and item.old.status != "closed":
        return "closed"
    return "changed"


def _filing(filing: Filing) -> str:
    approval = (
        f"，{md(filing.approved_by or '')} {filing.approved_on} 审批"
        if filing.approved_on
        else "，待审批"
    )
    sealed = "已盖章" if filing.sealed else "未盖章"
    return f"{filing.filed_on} {FILING_REASON[filing.reason]}（{md(filing.signed_by)} 签字，{sealed}{approval}）"


def _title(account: Account | None, item: AccountChange, registry: Registry) -> str:
    if account is None:
        return code(item.id)
    platform = registry.policy.platform_label(account.platform)
    return f"**{md(account.name)}**（{md(platform)}，{code(account.id)}）"


def _changed_fields(old: Account, new: Account) -> list[str]:
    before, after = old.model_dump(), new.model_dump()
    return [key for key in after if before.get(key) != after.get(key)]


def _review(review: AnnualReview) -> str:
    """What a review says, and who said it: submitted and waiting, or decided by whom."""
    head = f"{review.year} 年度（{review.submitted_on} 报送）"
    if review.result is None:
        return f"{head}：已报送，待审核"
    verdict = "合格" if review.result == "pass" else "不合格"
    by = f"，审核人 {md(review.reviewed_by or '（未写）')} {review.reviewed_on or ''}".rstrip()
    note = f"；意见：{md(review.note)}" if review.note else ""
    return f"{head}：{verdict}{by}{note}"


def _reviews(old: Account, new: Account) -> list[str]:
    lines = []
    for index, review in enumerate(new.annual_reviews):
        before = old.annual_reviews[index] if index < len(old.annual_reviews) else None
        if before is None:
            lines.append(f"  - 年度检查：{_review(review)}")
        elif before.result is None and review.result is not None:
            lines.append(f"  - 年度检查结果：{_review(review)}")
    return lines


def _approvals(old: Account, new: Account) -> list[str]:
    lines = []
    for before, after in zip(old.filings, new.filings, strict=False):
        if before.approved_on is None and after.approved_on is not None:
            lines.append(
                f"  - ✅ 审批：备案 {after.filed_on} 由 {md(after.approved_by or '')} 于 {after.approved_on} 审批"
            )
    return lines


PUBLIC_CHANGES: tuple[tuple[str, str], ...] = (
    ("name", "昵称"),
    ("handle", "新媒体号"),
    ("platform_id", "新媒体ID"),
    ("url", "链接"),
    ("opened_on", "开通日期"),
    ("reply_commitment_days", "答复期限（天）"),
)


def _value_changes(old: Account, new: Account) -> list[str]:
    """Old → new for each changed public field and the purpose; people's contacts masked."""
    lines = []
    for key, label in PUBLIC_CHANGES:
        before, after = getattr(old, key), getattr(new, key)
        if before != after:
            lines.append(
                f"  - {label}：{md(str(before or '（空）'))} → {md(str(after or '（空）'))}"
            )
    for key, label in (("mission", "宗旨"), ("scope", "信息发布范围"), ("audience", "访问范围")):
        before, after = getattr(old.purpose, key), getattr(new.purpose, key)
        if before != after:
            shown = (
                (AUDIENCE.get(before, before), AUDIENCE.get(after, after))
                if key == "audience"
                else (before, after)
            )
            lines.append(f"  - {label}：{md(shown[0])} → {md(shown[1])}")
    if old.verification != new.verification:
        lines.append(f"  - 实名认证：{_verification(old)} → {_verification(new)}")
    if old.contact != new.contact:
        lines.append(f"  - 联系人：{_contact(old.contact)} → {_contact(new.contact)}")
    # the same people with new contact details (a change of person is shown above)
    pairs = [(old.leader, new.leader, "主管领导")]
    pairs += [
        (before, after, "后台管理人员")
        for before in old.admins
        for after in new.admins
        if before.name == after.name
    ]
    for before, after, role in pairs:
        if before.name == after.name and before != after:
            lines.append(f"  - {role} {md(after.name)}：{_contact(before)} → {_contact(after)}")
    return lines


def _verification(account: Account) -> str:
    v = account.verification
    if not v.verified:
        return "未认证"
    return f"已认证（{md(v.subject or '')}，{v.verified_on or ''}）"


def _contact(person: Person) -> str:
    return f"{_person(person)} {mask(person.phone)} {mask(person.email)}"


def _public_page(account: Account, path: str, findings: Sequence[Finding]) -> str:
    trusted = not any(
        f.path == path and f.severity is Severity.ERROR and f.rule not in NOT_ABOUT_STANDING
        for f in findings
    )
    shown = standing(account, trusted)
    mark = " ✓" if shown in ("official", "rectifying") else ""
    return f"  - 合并后公开页面：{STANDING[shown]}{mark}"


def _describe(
    item: AccountChange, registry: Registry, findings: Sequence[Finding] = ()
) -> list[str]:
    lines = _describe_change(item, registry)
    new = item.new.account if item.new else None
    if new is not None and _kind(item) not in ("deleted", "invalid"):
        documents = [paper.label for paper in for_change(item)]
        if documents:
            lines.append(
                f"  - 应收纸质材料：{'、'.join(documents)}（签字盖章原件；记录中的 sealed: true "
                "只是单位的声明，收到原件后再批准）"
            )
        lines.append(_public_page(new, item.path, findings))
    return lines


def _describe_change(item: AccountChange, registry: Registry) -> list[str]:
    kind = _kind(item)
    new = item.new.account if item.new else None
    old = item.old
    lines = [f"- {_title(new or old, item, registry)}"]
    if kind == "deleted":
        lines.append("  - ❌ 账号文件被删除（账号只能注销，不能删除）")
        return lines
    if kind == "invalid" or new is None:
        lines.append("  - ❌ 记录结构有误，见下方检查发现")
        return lines
    if kind == "added":
        lines.append(
            f"  - 新媒体号 {md(new.handle)}；链接 {md(new.url or '（无）')}；"
            f"访问范围 {AUDIENCE[new.purpose.audience]}；实名认证 {_verification(new)}"
        )
        lines.append(f"  - 宗旨：{md(new.purpose.mission)}；信息发布范围：{md(new.purpose.scope)}")
        if new.platform_id:
            lines.append(f"  - 新媒体ID：{md(new.platform_id)}")
        lines.append(
            f"  - 主管领导 {_person(new.leader)}；后台管理人员 {'、'.join(_person(a) for a in new.admins)}"
        )
        lines.append(f"  - 状态：{STATUS[new.status]}；备案：{_filing(new.filings[-1])}")
        return lines
    assert old is not None
    if item.status == "renamed" and item.old_path:
        lines.append(f"  - 文件移动：{code(item.old_path)} → {code(item.path)}")
    if kind == "closed" and new.closure is not None:
        closure = new.closure
        orderer = f"，责令单位 {md(closure.ordered_by)}" if closure.ordered_by else ""
        lines.append(f"  - 注销：{closure.closed_on}，{CLOSURE_REASON[closure.reason]}{orderer}")
    if old.status != new.status and kind != "closed":
        lines.append(f"  - 状态：{STATUS[old.status]} → {STATUS[new.status]}")
    if old.leader.name != new.leader.name:
        lines.append(f"  - 主管领导：{_person(old.leader)} → {_person(new.leader)}")
    if sorted(a.name for a in old.admins) != sorted(a.name for a in new.admins):
        lines.append(
            f"  - 后台管理人员：{'、'.join(_person(a) for a in old.admins)} → "
            f"{'、'.join(_person(a) for a in new.admins)}"
        )
    if old.unit != new.unit:
        lines.append(
            f"  - 主办单位：{_unit_name(registry, old.unit)} → {_unit_name(registry, new.unit)}"
        )
    needed = manager_changes(old, new, registry.policy.refiling_fields)
    appended = new.filings[len(old.filings) :]
    for filing in appended:
        lines.append(f"  - ✅ 新增备案：{_filing(filing)}")
    if needed and not any(f.reason in REFILING_REASONS for f in appended):
        lines.append(f"  - ❌ 人员或主办单位变更，但没有重新备案（{art('re-filing')}）")
    lines += _approvals(old, new)
    lines += _reviews(old, new)
    lines += _value_changes(old, new)
    shown = {"leader", "admins", "unit", "filings", "annual_reviews", "status", "closure"}
    shown |= {key for key, _ in PUBLIC_CHANGES} | {"purpose", "verification", "contact"}
    others = [FIELD_LABELS.get(f, f) for f in _changed_fields(old, new) if f not in shown]
    if others:
        lines.append(f"  - 其他修改：{'、'.join(others)}")
    return lines


def _unit_name(registry: Registry, unit_id: str) -> str:
    unit = registry.unit(unit_id)
    return md(unit.name if unit else unit_id)


def _approvers(change: ChangeSet, registry: Registry) -> list[str]:
    """Who must approve: 党委组宣部, each touched unit, and guides of student organisations."""
    policy = registry.policy
    lines: list[str] = []
    seen: set[str] = set()

    def add(unit_id: str, why: str) -> None:
        if unit_id in seen:
            return
        seen.add(unit_id)
        unit = registry.unit(unit_id)
        if unit is not None:
            lines.append(f"- {md(unit.name)} {unit.team}{why}")  # team: TEAM_PATTERN, a mention

    add(policy.approver_unit, f"（审批，{art('filing')}、{art('student-org-guidance')}）")
    units: list[str] = []
    for item in change.accounts:
        for record in (item.new.account if item.new else None, item.old):
            if record is not None and record.unit not in units:
                units.append(record.unit)
    for unit_id in units:
        unit = registry.unit(unit_id)
        add(unit_id, "（主办单位）")
        if unit is None:
            continue
        for other, route in routes(registry, unit):
            if route == "parent":
                add(other.id, f"（{md(unit.name)}的上级单位，{art('unit-kinds')}）")
            else:
                add(other.id, f"（指导{md(unit.name)}，{art('student-org-guidance')}）")
    if change.units_changed or change.policy_changed:
        lines.append(f"- 本库维护团队 {policy.maintainers}（policy/ 有修改）")
    return lines


def _articles(findings: Iterable[Finding], change: ChangeSet, policy: Policy) -> list[int]:
    """The articles a reviewer weighs: those the findings cite and those the change touches."""
    touched = set()
    for item in change.accounts:
        touched.add("filing")
        if _kind(item) == "closed":
            touched.add("closure")
        if (
            item.new
            and item.old
            and len(item.new.account.annual_reviews) > len(item.old.annual_reviews)
        ):
            touched.add("annual-review")
    if change.units_changed:
        touched.add("unit-heads")
    articles = {f.article for f in findings} | {policy.requirement(k).article for k in touched}
    return sorted(article for article in articles if article is not None)


def _finding_line(finding: Finding) -> str:
    mark = "❌" if finding.severity is Severity.ERROR else "⚠️"
    cite = f" {article_label(finding.article)}" if finding.article else ""
    where = code(f"{finding.path}:{finding.line}")
    return f"- {mark} {where} {finding.rule}{cite}：{md(finding.message.zh)}"


def _findings(findings: Sequence[Finding], touched: frozenset[str]) -> list[str]:
    """Every finding: those on the changed files first, the rest folded away."""
    mine = [f for f in findings if f.path in touched]
    others = [f for f in findings if f.path not in touched]
    lines = [_finding_line(f) for f in mine[:SHOWN_FINDINGS]] or ["✅ 本次修改的文件没有发现问题。"]
    folded = mine[SHOWN_FINDINGS:]
    if folded:
        lines += ["", f"<details><summary>本次修改的文件另有 {len(folded)} 条</summary>", ""]
        lines += [_finding_line(f) for f in folded] + ["", "</details>"]
    if others:
        lines += [
            "",
            f"<details><summary>其他文件中已有的问题 {len(others)} 条（不阻止本次合并）</summary>",
            "",
        ]
        lines += [_finding_line(f) for f in others] + ["", "</details>"]
    return lines


def summary(change: ChangeSet, registry: Registry, findings: Sequence[Finding]) -> str:
    kinds: dict[str, list[AccountChange]] = defaultdict(list)
    for item in change.accounts:
        kinds[_kind(item)].append(item)
    mine = [f for f in findings if f.path in change.touched]
    errors = sum(1 for f in mine if f.severity is Severity.ERROR)
    warnings = len(mine) - errors
    earlier = len(findings) - len(mine)
    counts = "、".join(
        f"{label} {len(kinds[key])}"
        for key, label in (
            ("added", "新增"),
            ("changed", "变更"),
            ("closed", "注销"),
            ("deleted", "删除"),
            ("invalid", "有误"),
        )
        if kinds[key]
    )
    verdict = "❌ 有错误，不能合并" if errors else "✅ 可以审批"
    out = [
        "## 新媒体备案变更摘要",
        "",
        f"{verdict}。本次涉及 {len(change.accounts)} 个账号（{counts or '无'}）；"
        f"本次修改的文件：{errors} 个错误，{warnings} 个警告"
        + (f"；其他文件中已有的问题 {earlier} 条（不阻止合并，见文末）" if earlier else "")
        + f"（与 {code(change.ref)} 的合并基点 {code(change.base[:10])} 比较）。",
        "",
    ]
    sections = (
        ("added", "新增账号"),
        ("changed", "变更账号"),
        ("closed", "注销账号"),
        ("deleted", "被删除的账号"),
        ("invalid", "记录有误的账号"),
    )
    collapse = len(change.accounts) > COLLAPSE_FROM
    for key, heading in sections:
        items = kinds[key]
        if not items:
            continue
        out += [f"### {heading}", ""]
        if not collapse:
            for item in items:
                out += _describe(item, registry, findings)
            out.append("")
            continue
        by_unit: dict[str, list[AccountChange]] = defaultdict(list)
        for item in items:
            record = item.new.account if item.new else item.old
            by_unit[record.unit if record else item.path.split("/")[1]].append(item)
        for unit_id, unit_items in sorted(by_unit.items()):
            out += [
                f"<details><summary>{_unit_name(registry, unit_id)}（{len(unit_items)} 个账号）</summary>",
                "",
            ]
            for item in unit_items:
                out += _describe(item, registry, findings)
            out += ["", "</details>", ""]
    if change.units_changed:
        out += [
            "### 单位名录",
            "",
            *(
                f"- {md(f.message.zh)}"
                for f in findings
                if f.rule == "units-change" and f.path == "policy/units.yaml"
            ),
            "- `policy/units.yaml` 有修改：负责人、审核团队、单位类别和指导单位的变化如上；"
            "合并后这些单位的账号由新的审批人审核（CODEOWNERS、审批检查随之改变）。",
            "",
        ]
    out += [
        "### 涉及条款",
        "",
        "、".join(article_label(a) for a in _articles(findings, change, registry.policy)) or "无",
        "",
    ]
    out += ["### 需要审批", "", *_approvers(change, registry), ""]
    out += ["### 检查发现", "", *_findings(findings, change.touched), ""]
    return "\n".join(out)
