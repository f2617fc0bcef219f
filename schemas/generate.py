"""Generate the JSON Schemas in schemas/ from the models (``python -m nmr.schemas.generate``).

The files are committed so editors (VS Code's YAML extension via the modeline) and other
tools (check-jsonschema) can use them; tests/schemas/test_generate.py fails when they drift.
A field's description cites the article its requirement maps to in the registry's own
policy/policy.yaml, so the code names no article and a fork's schema cites its own Measures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from nmr.schemas import labels
from nmr.schemas.models import Account, Policy, UnitsFile, account_model
from nmr.schemas.shape import validate
from nmr.schemas.source import load
from nmr.schemas.text import article_label

HERE = Path(__file__).resolve().parent
TARGETS: dict[str, type[BaseModel]] = {
    "account.schema.json": Account,
    "units.schema.json": UnitsFile,
    "policy.schema.json": Policy,
}


def _policy(root: Path = HERE.parent) -> Policy | None:
    """The policy of the registry at ``root`` (by default the one this tool sits in; None when
    installed without one)."""
    path = root / "policy" / "policy.yaml"
    if not path.is_file():
        return None
    loaded = load(root, "policy/policy.yaml")
    if loaded.document is None:
        return None
    policy, _ = validate(Policy, loaded.document)
    return policy


def _cite(node: Any, policy: Policy) -> None:
    """Append （第X条） to each description whose x-requirement the policy maps to an article."""
    if isinstance(node, dict):
        setting = policy.requirement(node.get("x-requirement"))
        if "x-requirement" in node and setting.article and "description" in node:
            text = node["description"]
            end = "。" if text.endswith("。") else ""
            node["description"] = (
                f"{text.removesuffix('。')}（{article_label(setting.article)}）{end}"
            )
        for value in node.values():
            _cite(value, policy)
    elif isinstance(node, list):
        for item in node:
            _cite(item, policy)


def _units(root: Path) -> UnitsFile | None:
    path = root / "policy" / "units.yaml"
    if not path.is_file():
        return None
    loaded = load(root, "policy/units.yaml")
    return validate(UnitsFile, loaded.document)[0] if loaded.document is not None else None


def _offer(node: dict[str, Any], choices: dict[str, str]) -> None:
    """Editors offer ``choices`` (VS Code's YAML extension shows each value's Chinese label)."""
    node["enum"] = list(choices)
    node["enumDescriptions"] = list(choices.values())
    node["markdownEnumDescriptions"] = list(choices.values())


def _label_enums(node: Any) -> None:
    """Every enumerated value the records use (audience, status, reasons, results), labelled."""
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list) and values and all(v in labels.EVERY_VALUE for v in values):
            _offer(node, {value: labels.EVERY_VALUE[value] for value in values})
        for value in node.values():
            _label_enums(value)
    elif isinstance(node, list):
        for item in node:
            _label_enums(item)


def schema_for(model: type[BaseModel], name: str, root: Path = HERE.parent) -> dict[str, Any]:
    policy = _policy(root)
    if policy is not None and model is Account:
        model = account_model(policy.extra_fields)  # the institution's own fields too
    body = model.model_json_schema()
    _label_enums(body)
    if policy is not None:
        _cite(body, policy)
        if model is UnitsFile:  # editors offer this institution's unit kinds
            kinds = {key: kind.label for key, kind in policy.unit_kinds.items()}
            _offer(body["$defs"]["Unit"]["properties"]["kind"], kinds)
        if name == "account.schema.json":  # and its platforms and units
            _offer(body["properties"]["platform"], policy.platform_labels)
            units = _units(root)
            if units is not None:
                _offer(body["properties"]["unit"], {u.id: u.name for u in units.units})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://culr.edu.cn/nmr/schemas/{name}",
        **body,
    }


def render(name: str, root: Path = HERE.parent) -> str:
    body = schema_for(TARGETS[name], name, root)
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``generate [OUT [ROOT]]``: the schemas of the registry at ROOT (a fork's, an example's)."""
    args = argv or []
    out = Path(args[0]) if args else HERE
    root = Path(args[1]) if len(args) > 1 else HERE.parent
    for name in TARGETS:
        (out / name).write_text(render(name, root), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
