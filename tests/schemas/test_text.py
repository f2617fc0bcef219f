"""Messages stay messages until the reporter: templates with ids, in both languages."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import nmr.cli  # imports every module that declares templates
import nmr.render.site.build  # noqa: F401
from nmr.checks import RULES
from nmr.engine.deadlines import countdown
from nmr.schemas.text import CATALOG, Msg, Template
from tests.conftest import REPO

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
KEY = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")


def test_every_template_has_an_id_and_both_languages() -> None:
    assert len(CATALOG) > 300
    for key, template in CATALOG.items():
        assert KEY.match(key), key
        assert template.zh.strip() and template.en.strip(), key
        assert template.fields("en") <= template.fields("zh") | template.fields("en")


def test_english_templates_are_english() -> None:
    """--lang en shows Chinese only where the record's own values are put in."""
    han = re.compile(r"[\u4e00-\u9fff]")
    assert [key for key, template in CATALOG.items() if han.search(template.en)] == []


def test_a_message_renders_its_arguments_in_the_chosen_language() -> None:
    late = Template("test.late", "{what}，{when}", "{what}, {when}")
    message = late(what="年检", when=countdown(-3))
    assert message.key == "test.late"
    assert message.get("zh") == "年检，已逾期 3 天"
    assert message.get("en") == "年检, 3 days overdue"
    assert Msg.verbatim("原文 {x}", "raw {x}").get("zh") == "原文 {x}"  # braces are data


def test_an_id_declared_twice_with_other_text_is_refused() -> None:
    Template("test.twice", "甲", "a")
    Template("test.twice", "甲", "a")  # the same declaration again (a re-import) is fine
    with pytest.raises(ValueError, match="declared twice"):
        Template("test.twice", "乙", "b")


def _declared(tree: ast.Module) -> set[int]:
    """ids of the strings a module declares at top level: templates, patterns (re.compile) and
    keyword lists (``SOMETHING_WORDS = (...)``, what a pattern looks for; never a sentence)."""
    inside: set[int] = set()
    for statement in tree.body:
        if isinstance(statement, ast.FunctionDef | ast.ClassDef):
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        if any(getattr(target, "id", "").endswith("_WORDS") for target in targets):
            inside |= {id(part) for part in ast.walk(statement)}
            continue
        for node in ast.walk(statement):
            name = (
                getattr(node.func, "id", getattr(node.func, "attr", ""))
                if isinstance(node, ast.Call)
                else ""
            )
            if name in ("Template", "compile"):
                inside |= {id(part) for part in ast.walk(node)}
    return inside


RULE_FILES = sorted(file for file in (REPO / "checks").glob("*.py") if file.stem != "__init__")


@pytest.mark.parametrize("file", RULE_FILES, ids=lambda f: f.stem)
def test_no_rule_builds_a_chinese_sentence(file: Path) -> None:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    allowed = _declared(tree) | {id(part) for part in ast.walk(tree.body[0])}  # docstring
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in allowed
        ):
            assert not CJK.search(node.value), f"{file.name}:{node.lineno}: {node.value!r}"


def test_findings_carry_message_ids_across_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from nmr.engine.ruledoc import read
    from nmr.engine.run import check
    from tests.casefile import parse
    from tests.conftest import copy_registry

    root = copy_registry(tmp_path / "registry")
    contact_qq = next(rule for rule in RULES if rule.id == "contact-qq")
    failing = [example for example in read(contact_qq.doc).examples if not example.passes]
    for number, example in enumerate(failing):
        case = parse(f"qq-{number}", example.text.encode("utf-8"), "contact-qq")
        (root / case.target).write_bytes(case.build())
    monkeypatch.setattr("nmr.engine.run.PARALLEL_FROM", 2)  # a pool even for a small registry
    outcome = check(root, dt.date(2026, 11, 28), jobs=2)
    keys = {finding.message.key for finding in outcome.findings}
    assert "contact-qq.qq-must-be-5-11" in keys and "contact-qq.qq-number-has-full-width" in keys
    for finding in outcome.findings:
        assert finding.message.key in CATALOG and finding.hint.key in CATALOG
        assert finding.message.get("zh") and finding.message.get("en")
    assert {rule.info.title.key for rule in RULES} <= set(CATALOG)


HAN_RUN = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _registry_of_every_failing_example(root: Path) -> None:
    """The bundled registry plus every FAIL example of the rule docs and every failing
    golden case that needs no policy of its own: nearly every message the rules can say."""
    from nmr.engine.ruledoc import read
    from tests.casefile import parse
    from tests.checks.test_cases import FAILING

    texts = [
        parse(f"{rule.id}-{number}", example.text.encode("utf-8"), rule.id)
        for rule in RULES
        for number, example in enumerate(read(rule.doc).examples)
        if not example.passes
    ] + [case.text for case in FAILING]
    for text in texts:
        if "policy" not in text.header:
            target = root / text.target
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.build())


def test_lang_en_speaks_english_except_in_the_records_own_words(tmp_path: Path) -> None:
    """--lang en: every Chinese run in a message or hint is the record's (or the units file's,
    or the policy's names) own words, never the tool's."""
    import datetime as dt

    import yaml

    from nmr.engine.run import check
    from tests.conftest import copy_registry

    root = copy_registry(tmp_path / "registry")
    _registry_of_every_failing_example(root)
    policy = yaml.safe_load((root / "policy/policy.yaml").read_text(encoding="utf-8"))
    data = "\n".join(
        [
            *_strings(yaml.safe_load((root / "policy/units.yaml").read_text(encoding="utf-8"))),
            policy["institution"],
            policy["measures"],
            *_strings(policy["platforms"]),
        ]
    )
    outcome = check(root, dt.date(2026, 11, 28))
    assert len({finding.message.key for finding in outcome.findings}) > 60
    leaks = set()
    for finding in outcome.findings:
        own = (root / finding.path).read_text(encoding="utf-8", errors="replace")
        for msg in (finding.message, finding.hint):
            for run in HAN_RUN.findall(msg.get("en")):
                full_width_latin = all("\uff01" <= char <= "\uff5e" for char in run)
                if run not in own and run not in data and not full_width_latin:
                    leaks.add((msg.key, run))
    assert sorted(leaks) == []


def test_chinese_messages_show_enum_values_with_their_labels(tmp_path: Path) -> None:
    """No bare English between Chinese words: 'or' is 或, a status is 正常运行（active）."""
    import datetime as dt

    from nmr.engine.run import check
    from tests.conftest import copy_registry

    root = copy_registry(tmp_path / "registry")
    _registry_of_every_failing_example(root)
    outcome = check(root, dt.date(2026, 11, 28))
    # A value is fine as code to write ("status: active") or as the word after its label.
    bare = re.compile(
        r"(?<![\w'（(/-])(?<!: )(or|public|campus|internal|active|proposed|rectifying|pass)(?![\w'）)/-])"
    )
    found = {
        (msg.key, word)
        for finding in outcome.findings
        for msg in (finding.message, finding.hint)
        for word in bare.findall(msg.get("zh").replace(finding.path, ""))
    }
    assert sorted(found) == []
