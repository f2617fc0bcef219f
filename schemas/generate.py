"""Generate the JSON Schemas in schemas/ from the models (``python -m nmr.schemas.generate``).

The files are committed so editors (VS Code's YAML extension via the modeline) and other
tools (check-jsonschema) can use them; tests/schemas/test_generate.py fails when they drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from nmr.schemas.models import Account, Policy, UnitsFile

HERE = Path(__file__).resolve().parent
TARGETS: dict[str, type[BaseModel]] = {
    "account.schema.json": Account,
    "units.schema.json": UnitsFile,
    "policy.schema.json": Policy,
}


def schema_for(model: type[BaseModel], name: str) -> dict[str, Any]:
    body = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://culr.edu.cn/nmr/schemas/{name}",
        **body,
    }


def render(name: str) -> str:
    return json.dumps(schema_for(TARGETS[name], name), ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    out = Path(argv[0]) if argv else HERE
    for name in TARGETS:
        (out / name).write_text(render(name), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
