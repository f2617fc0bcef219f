"""Offices and the institution are named by policy/, never by code: rename them, every output follows."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.casefile import parse
from tests.conftest import REPO, copy_registry, run_nmr, run_nmr_process

POLICY = yaml.safe_load((REPO / "policy" / "policy.yaml").read_text(encoding="utf-8"))
UNITS = yaml.safe_load((REPO / "policy" / "units.yaml").read_text(encoding="utf-8"))
APPROVER = next(u["name"] for u in UNITS["units"] if u["id"] == POLICY["approver_unit"])
INSTITUTION = POLICY["institution"]
# What this university calls its approver office, in full and short.
BUNDLED_NAMES = (APPROVER, APPROVER.removeprefix("党委"), INSTITUTION)
RENAMED_APPROVER, RENAMED_INSTITUTION = "党委宣传部", "某某职业学院"
ARTICLE_NUMBER = re.compile(r"第[一二三四五六七八九十百]+条")


def _strings_outside_docstrings(file: Path) -> list[tuple[int, str]]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


CODE = sorted(
    file
    for folder in ("schemas", "checks", "render", "nmr/engine")
    for file in (REPO / folder).rglob("*")
    if file.suffix in (".py", ".j2", ".js")
) + sorted((REPO / "nmr").glob("*.py"))
# The registry's own forge files and scripts: a fork keeps them as they are. (The issue forms
# are generated from policy/ by nmr forms, which a fork runs: they name its own units.)
SCRIPTS = sorted(
    [
        REPO / ".github" / "ISSUE_TEMPLATE" / "config.yml",
        *(REPO / ".github" / "workflows").glob("*.yml"),
        REPO / ".github" / "pull_request_template.md",
        REPO / "Makefile",
        REPO / ".ci" / "run",
    ]
)


@pytest.mark.parametrize("file", CODE + SCRIPTS, ids=lambda f: f.relative_to(REPO).as_posix())
def test_no_code_names_this_institution_its_office_or_an_article(file: Path) -> None:
    texts = (
        _strings_outside_docstrings(file)
        if file.suffix == ".py"
        else list(enumerate(file.read_text(encoding="utf-8").splitlines(), 1))
    )
    for line, text in texts:
        for name in BUNDLED_NAMES:
            assert name not in text, (
                f"{file.relative_to(REPO)}:{line} names {name}: take it from policy/"
            )


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled registry with its approver office and institution renamed in policy/."""
    root = copy_registry(tmp_path_factory.mktemp("renamed") / "registry")
    for path in [
        root / "policy" / "units.yaml",
        root / "policy" / "policy.yaml",
        *root.glob("accounts/*/*.yaml"),
    ]:
        text = path.read_text(encoding="utf-8")
        text = text.replace(APPROVER, RENAMED_APPROVER).replace(INSTITUTION, RENAMED_INSTITUTION)
        path.write_text(text, encoding="utf-8")
    broken = parse(
        "unsealed",
        b"# base: law-weibo\n-    sealed: true\n+    sealed: false\n",
        "renamed",
    )
    text = broken.build().decode("utf-8").replace(INSTITUTION, RENAMED_INSTITUTION)
    (root / broken.target).write_text(text, encoding="utf-8")
    return root


def _no_bundled_names(text: str, where: str) -> None:
    for name in (APPROVER.removeprefix("党委"), INSTITUTION):
        assert name not in text, f"{where} still says {name}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_findings_name_the_renamed_office(renamed: Path, lang: str) -> None:
    result = run_nmr("check", "--root", str(renamed), "--today", "2026-11-28", "--lang", lang)
    assert result.code == 1, result.stderr
    _no_bundled_names(result.stdout, f"nmr check --lang {lang}")
    assert RENAMED_APPROVER in result.stdout  # the unsealed filing's hint names the office


def test_forms_due_and_codeowners_name_the_renamed_office(renamed: Path, tmp_path: Path) -> None:
    out = tmp_path / "forms"
    result = run_nmr(
        "render",
        "forms",
        "--root",
        str(renamed),
        "--out",
        str(out),
        "--today",
        "2026-12-10",
        "--",
        "unsealed",
    )
    assert result.code in (0, 1), result.stderr
    documents = sorted(out.rglob("*.docx"))
    assert documents
    for document in documents:
        with zipfile.ZipFile(document) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        plain = re.sub(r"<[^>]+>", "", xml)
        _no_bundled_names(plain, document.name)
        assert RENAMED_APPROVER in plain or (
            "承诺书" in document.name and RENAMED_APPROVER in plain
        )
    due = run_nmr("due", "--root", str(renamed), "--today", "2026-12-10", "--format", "markdown")
    _no_bundled_names(due.stdout, "nmr due")
    assert run_nmr("codeowners", "--root", str(renamed)).code == 0
    owners = (renamed / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert RENAMED_APPROVER in owners
    _no_bundled_names(owners, "CODEOWNERS")


def test_the_site_names_the_renamed_institution(renamed: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_nmr("render", "site", "--root", str(renamed), "--out", str(out))
    assert result.code == 0, result.stderr
    pages = [path for path in out.rglob("*") if path.suffix in (".html", ".js", ".json", ".csv")]
    for page in pages:
        _no_bundled_names(page.read_text(encoding="utf-8"), page.name)
    assert RENAMED_INSTITUTION in (out / "index.html").read_text(encoding="utf-8")
    assert (
        json.loads((out / "registry.json").read_text(encoding="utf-8"))["institution"]
        == RENAMED_INSTITUTION
    )


def test_before_a_policy_is_loaded_the_offices_have_generic_names() -> None:
    probe = (
        "from nmr.schemas.text import Template\n"
        "print(Template('test.names', '报{approver}审批', 'to {approver}')().get('zh'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "报审批单位审批"


def test_rules_need_a_registry_whose_measures_they_list(tmp_path: Path) -> None:
    result = run_nmr_process("rules", "--root", str(tmp_path))
    assert result.code == 2 and "不是备案库" in result.stderr


@pytest.mark.parametrize("file", sorted((REPO / "checks").glob("[!_]*.py")), ids=lambda f: f.stem)
def test_rule_docs_cite_articles_and_offices_through_the_policy(file: Path) -> None:
    """A rule's prose (published as its page) writes {art_filing} and {approver}, never this
    university's article numbers or office names; its examples are test cases and may."""
    doc = ast.get_docstring(ast.parse(file.read_text(encoding="utf-8"))) or ""
    prose = re.split(r"\n(?:PASS|FAIL) ", doc)[0]
    assert not ARTICLE_NUMBER.search(prose), f"{file.name}: {ARTICLE_NUMBER.search(prose)}"
    for name in BUNDLED_NAMES:
        assert name not in prose, f"{file.name} names {name}"
