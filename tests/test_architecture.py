"""The layout is the architecture: one import name, and imports that flow one way.

accounts/ policy/      data (no code)
schemas/   nmr.schemas  shape: reading, models, findings   imports nothing else of nmr
nmr/engine nmr.engine   loading, running, dates, people     imports schemas (run/matrix: rules)
checks/    nmr.checks   one rule per module                 imports nmr.engine.api only
render/    nmr.render   forms, site, ledger, reporters      imports schemas, engine, checks
nmr/*.py   nmr          the CLI and the wizards             imports any of the above
"""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_project

BARE = ("checks", "schemas", "render")
ALLOWED = {
    "nmr.schemas": ("nmr.schemas",),
    "nmr.engine": ("nmr.schemas", "nmr.engine"),
    "nmr.checks": ("nmr.engine.api",),
    "nmr.render": ("nmr.schemas", "nmr.engine", "nmr.checks", "nmr.render"),
}
# The engine runs the rules and lists them for the article matrix; the rules never see these.
ENGINE_RUNS_RULES = {"nmr.engine.run", "nmr.engine.matrix"}


def _module_name(file: Path) -> str:
    parts = list(file.relative_to(REPO).with_suffix("").parts)
    if parts[0] in BARE:
        parts.insert(0, "nmr")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _code_files() -> list[Path]:
    return sorted(
        file
        for folder in ("schemas", "checks", "render", "nmr")
        for file in (REPO / folder).rglob("*.py")
        if not (REPO / "nmr" / "schemas").is_symlink() or not _through_link(file)
    )


def _through_link(file: Path) -> bool:
    relative = file.relative_to(REPO).parts
    return relative[0] == "nmr" and len(relative) > 1 and (REPO / "nmr" / relative[1]).is_symlink()


def _imports(file: Path) -> list[tuple[int, str]]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


FILES = _code_files()


def test_the_package_folders_are_the_repository_folders() -> None:
    for name in BARE:
        link = REPO / "nmr" / name
        assert link.is_symlink(), f"nmr/{name} should link to the top-level {name}/"
        assert link.resolve() == (REPO / name).resolve()


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.relative_to(REPO).as_posix())
def test_imports_flow_one_way(file: Path) -> None:
    module = _module_name(file)
    for line, imported in _imports(file):
        head = imported.split(".")[0]
        where = f"{file.relative_to(REPO)}:{line} imports {imported}"
        assert head not in BARE, f"{where}: use nmr.{imported}"
        layer = next((name for name in ALLOWED if module.startswith(name)), None)
        if layer == "nmr.checks" and head == "nmr":
            allowed_here = ("nmr.engine.api", "nmr.checks") if file.stem == "__init__" else ()
            assert imported == "nmr.engine.api" or imported in allowed_here, (
                f"{where}: of nmr, a rule imports nmr.engine.api only"
            )
        elif layer is not None and head == "nmr":
            allowed = ALLOWED[layer] + (("nmr.checks",) if module in ENGINE_RUNS_RULES else ())
            assert imported.startswith(allowed), f"{where}: not allowed from {layer}"


def test_rules_are_one_per_module_in_an_explicit_list() -> None:
    from nmr.checks import RULES

    modules = sorted(
        file.stem for file in (REPO / "checks").glob("*.py") if file.stem != "__init__"
    )
    listed = sorted(rule.check.__module__.rsplit(".", 1)[-1] for rule in RULES)
    assert listed == modules
    for rule in RULES:
        assert rule.info.id == rule.check.__module__.rsplit(".", 1)[-1].replace("_", "-")


def test_the_wheel_installs_one_import_name(tmp_path: Path) -> None:
    source = copy_project(tmp_path / "source")  # pip builds in the tree: not in ours
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("nmr-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        top_level = next(name for name in names if name.endswith("top_level.txt"))
        assert archive.read(top_level).decode().split() == ["nmr"]
    assert {name.split("/")[0] for name in names if not name.startswith("nmr-")} == {"nmr"}
    for inside in (
        "nmr/checks/contact_qq.py",
        "nmr/engine/api.py",
        "nmr/schemas/account.schema.json",
    ):
        assert inside in names
    assert any(name.startswith("nmr/render/templates/") for name in names)
