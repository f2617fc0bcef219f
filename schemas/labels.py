"""Chinese labels of the records' enumerated values, shared by every output."""

from __future__ import annotations

AUDIENCE = {"public": "面向社会公开", "campus": "面向校内师生", "internal": "仅限本单位内部"}
FILING_REASON = {
    "initial": "首次备案",
    "grandfathered": "补办备案",
    "manager-change": "人员变更重新备案",
    "unit-change": "主办单位变更重新备案",
    "info-change": "账号信息变更重新备案",
}
STATUS = {"proposed": "申请中", "active": "正常运行", "rectifying": "整改中", "closed": "已注销"}
CLOSURE_REASON = {
    "annual-review-failed": "年审不合格",
    "ordered": "学校责令关闭",
    "unit-request": "主办单位申请",
    "merged": "并入其他账号",
    "other": "其他",
}
REVIEW_RESULT = {"pass": "合格", "fail": "不合格", None: "待审核"}


EVERY_VALUE = {
    **AUDIENCE,
    **FILING_REASON,
    **STATUS,
    **CLOSURE_REASON,
    "pass": "合格",
    "fail": "不合格",
}


def shown(table: dict[str, str], value: str) -> str:
    """正常运行（active）: a value as a Chinese message shows it, its label first and the word
    to find in the file after it (the value itself when the table does not know it)."""
    label = table.get(value)
    return f"{label}（{value}）" if label else value


def choices(values: list[str]) -> tuple[str, str]:
    """面向社会公开（public）、…或仅限本单位内部（internal） and 'public', … or 'internal':
    the values a field allows, as each language lists them."""
    zh = [shown(EVERY_VALUE, value) for value in values]
    en = [f"'{value}'" for value in values]
    if len(values) < 2:
        return "".join(zh), "".join(en)
    return "、".join(zh[:-1]) + "或" + zh[-1], ", ".join(en[:-1]) + " or " + en[-1]
