"""The committed JSON Schemas are generated from the models, and describe every field in Chinese."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from nmr.schemas import generate
from tests.conftest import REPO


@pytest.mark.parametrize("name", list(generate.TARGETS))
def test_committed_schema_matches_models(name: str) -> None:
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == generate.render(name), (
        f"schemas/{name} drifted: run `make schemas` and commit"
    )


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = list(schema.get("properties", {}).items())
    for definition in schema.get("$defs", {}).values():
        found += definition.get("properties", {}).items()
    return found


CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", list(generate.TARGETS))
def test_every_field_has_a_chinese_title_and_description(name: str) -> None:
    schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    for key, prop in _properties(schema):
        assert CJK.search(prop.get("title", "")), f"{name}: {key} has no Chinese title"
        assert CJK.search(prop.get("description", "")), f"{name}: {key} has no Chinese description"


def test_every_account_file_starts_with_the_modeline() -> None:
    from nmr.engine.registry import MODELINE

    files = sorted((REPO / "accounts").rglob("*.yaml"))
    assert len(files) >= 25
    for file in files:
        assert file.read_text(encoding="utf-8").splitlines()[0] == MODELINE, file


def test_every_record_field_cites_its_article() -> None:
    """An editor's hover says which article asks for the field, unless policy.yaml switches
    that requirement off (then there is no article to cite)."""
    from nmr.engine.registry import load_frame

    registry, _ = load_frame(REPO)
    assert registry is not None
    schema = json.loads((REPO / "schemas/account.schema.json").read_text(encoding="utf-8"))

    def cites(prop: dict[str, Any]) -> bool:
        setting = registry.policy.requirement(prop.get("x-requirement"))
        if "x-requirement" not in prop:
            return False
        return "（第" in prop.get("description", "") or not (setting.enabled and setting.article)

    uncited = [key for key, prop in _properties(schema) if not cites(prop)]
    assert uncited == []


def test_editors_are_offered_the_registrys_platforms_units_and_labelled_values() -> None:
    from nmr.engine.registry import load_frame
    from nmr.schemas.labels import AUDIENCE, STATUS

    registry, _ = load_frame(REPO)
    assert registry is not None
    schema = json.loads((REPO / "schemas/account.schema.json").read_text(encoding="utf-8"))
    platform, unit = schema["properties"]["platform"], schema["properties"]["unit"]
    assert platform["enum"] == list(registry.policy.platforms)
    assert platform["enumDescriptions"] == [p.label for p in registry.policy.platforms.values()]
    assert unit["enum"] == [u.id for u in registry.units]
    assert unit["enumDescriptions"][unit["enum"].index("law")] == "法学院"
    status = schema["properties"]["status"]
    assert dict(zip(status["enum"], status["enumDescriptions"], strict=True)) == STATUS
    audience = schema["$defs"]["Purpose"]["properties"]["audience"]
    assert dict(zip(audience["enum"], audience["enumDescriptions"], strict=True)) == AUDIENCE
