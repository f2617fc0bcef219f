"""``nmr rules``: the article ↔ rule matrix as text, JSON or Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable

from nmr.engine.matrix import ArticleRow, general_rules, matrix
from nmr.schemas.models import Policy
from nmr.schemas.text import Lang, article_label


def _rules_cell(row: ArticleRow, lang: Lang) -> str:
    names = [info.id for info in row.rules]
    if row.shape_fields:
        names.append(f"schema ({', '.join(row.shape_fields)})")
    return ", ".join(names)


def _status(row: ArticleRow, lang: Lang) -> str:
    if row.rules or row.shape_fields:
        return _rules_cell(row, lang)
    if row.not_checkable is not None:
        prefix = "not machine-checkable: " if lang == "en" else "无法机器检查："
        return prefix + row.not_checkable.get(lang)
    return ""


def as_text(policy: Policy, lang: Lang) -> str:
    out = []
    for row in matrix(policy):
        out.append(f"{article_label(row.article, lang):<8}{row.title.get(lang)}")
        out.append(f"        {_status(row, lang)}")
    heading = "General (no article):" if lang == "en" else "通用规则（不对应具体条款）："
    out.append(heading)
    out.extend(f"        {info.id}: {info.title.get(lang)}" for info in general_rules(policy))
    return "\n".join(out) + "\n"


def as_markdown(policy: Policy, lang: Lang) -> str:
    head = "| Article | Subject | Enforced by |" if lang == "en" else "| 条款 | 内容 | 检查规则 |"
    out = [head, "|---|---|---|"]
    for row in matrix(policy):
        out.append(
            f"| {article_label(row.article, lang)} | {row.title.get(lang)} | {_status(row, lang)} |"
        )
    out.append("")
    out.append(
        "**General rules (no article)**" if lang == "en" else "**通用规则（不对应具体条款）**"
    )
    out.append("")
    out.extend(f"- `{info.id}`：{info.title.get(lang)}" for info in general_rules(policy))
    return "\n".join(out) + "\n"


def as_json(policy: Policy, lang: Lang) -> str:
    rows = [
        {
            "article": row.article,
            "title": row.title.get(lang),
            "rules": [
                {"id": info.id, "severity": info.severity.value, "title": info.title.get(lang)}
                for info in row.rules
            ],
            "schema_fields": list(row.shape_fields),
            "not_checkable": row.not_checkable.get(lang)
            if row.not_checkable and not (row.rules or row.shape_fields)
            else None,
        }
        for row in matrix(policy)
    ]
    general = [
        {"id": info.id, "severity": info.severity.value, "title": info.title.get(lang)}
        for info in general_rules(policy)
    ]
    return (
        json.dumps(
            {"version": 1, "articles": rows, "general": general}, ensure_ascii=False, indent=2
        )
        + "\n"
    )


FORMATS: dict[str, Callable[[Policy, Lang], str]] = {
    "text": as_text,
    "json": as_json,
    "markdown": as_markdown,
}
