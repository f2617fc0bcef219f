"""Rule pages: generated from the docstrings, committed under docs/rules/, linked from SARIF."""

from __future__ import annotations

import json
from pathlib import Path

from nmr.engine.matrix import all_rules
from nmr.engine.registry import require_frame
from nmr.render.ruledocs import DOCS_URL, help_uri, pages
from tests.casefile import parse
from tests.conftest import REPO, copy_registry, run_nmr
from tests.render.test_site import build

DOCS = REPO / "docs" / "rules"
REGISTRY = require_frame(REPO)


def test_committed_rule_pages_do_not_drift() -> None:
    wanted = pages("zh", REGISTRY)
    committed = {path.name for path in DOCS.glob("*.md")}
    assert committed == set(wanted), "run: nmr rules --format markdown --out docs/rules"
    for name, text in wanted.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} drifted: run nmr rules --format markdown --out docs/rules"
        )


def test_every_rule_has_a_page_with_its_article_and_examples() -> None:
    wanted = pages("zh", REGISTRY)
    assert set(wanted) == {"README.md"} | {f"{info.id}.md" for info in all_rules()}
    qq = wanted["contact-qq.md"]
    assert qq.startswith("# contact-qq\n\n> 第五条 · 错误 · 逐个账号记录\n")
    assert "### ❌ 不通过：QQ 号只有 4 位" in qq and "```diff\n# base: law-weibo\n" in qq
    assert "[law-weibo](../../tests/cases/bases/law-weibo.yaml)" in qq
    assert (DOCS / "../../tests/cases/bases/law-weibo.yaml").resolve().is_file()
    assert "[`contact-qq`](contact-qq.md) 第五条" in wanted["README.md"]
    assert "tests/cases/yaml-syntax/" in wanted["yaml-syntax.md"]
    english = pages("en", REGISTRY)["contact-qq.md"]
    assert "> Art. 5 · error · each account record" in english and "❌ Fails" in english


def test_nmr_rules_writes_the_pages_into_an_owned_folder(tmp_path: Path) -> None:
    out = tmp_path / "rules"
    for _ in range(2):  # a second run replaces its own output
        result = run_nmr("rules", "--format", "markdown", "--out", str(out), "--root", str(REPO))
        assert result.code == 0, result.stderr
    assert (out / "contact-qq.md").read_text(encoding="utf-8") == pages("zh", REGISTRY)[
        "contact-qq.md"
    ]
    stranger = tmp_path / "mine"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("我的笔记", encoding="utf-8")
    refused = run_nmr("rules", "--format", "markdown", "--out", str(stranger), "--root", str(REPO))
    assert refused.code == 2 and "没有改动任何文件" in refused.stderr
    assert (stranger / "notes.txt").read_text(encoding="utf-8") == "我的笔记"
    wrong = run_nmr("rules", "--format", "json", "--out", str(tmp_path / "x"), "--root", str(REPO))
    assert wrong.code == 2 and "--out 只用于 --format markdown" in wrong.stderr


def test_sarif_rules_link_to_their_published_page(tmp_path: Path) -> None:
    root = copy_registry(tmp_path / "registry")
    case = parse(
        "too-short",
        b"# base: law-weibo\n-reply_commitment_days: 3\n+reply_commitment_days: 9\n",
        "t",
    )
    (root / case.target).write_bytes(case.build())
    result = run_nmr("check", "--root", str(root), "--format", "sarif")
    rules = json.loads(result.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(rule["helpUri"] == help_uri(rule["id"]) for rule in rules)
    for rule in rules:
        assert rule["helpUri"].startswith(DOCS_URL)
        assert (DOCS / rule["helpUri"].removeprefix(DOCS_URL)).is_file()


def test_the_site_links_each_rule_to_its_page(tmp_path: Path) -> None:
    out = build(copy_registry(tmp_path / "registry"), tmp_path / "out")
    rules = (out / "rules.html").read_text(encoding="utf-8")
    assert f'<a href="{help_uri("contact-qq")}"><code>contact-qq</code></a>' in rules
    assert f'<a href="{DOCS_URL}">规则说明</a>' in rules
