"""Golden cases and rule-doc examples: a base record, the lines a case changes, what it expects.

A case is text. Leading ``# key: value`` lines are its header; the rest is its body::

    # case: QQ 号只有 4 位                 what the case shows (free text)
    # base: law-weibo                      tests/cases/bases/law-weibo.yaml
    # path: accounts/law/too-short.yaml    where the file goes (default: accounts/law/<name>.yaml)
    # today: 2026-12-10                    the day to check on (default: tests' pinned day)
    # was: accounts/law/old.yaml           (a change) the base sat here at the merge base
    # touch: policy/units.yaml             (a change) this file is edited in the same change
    # author: law-secretary                (a change) the pull request's author
    # policy: quotas: {per_platform: 1}    merged into policy/policy.yaml (repeatable; mappings
                                           such as requirements merge key by key)
    # expect: contact-qq 5 18:94 QQ 号“1234”应为 5–11 位数字   one line per finding
    -contact: {name: 王小明, …, qq: "10001234"}
    +contact: {name: 王小明, …, qq: "1234"}

A case for a change rule (``nmr check --base``) commits the base at the merge base and checks
the built file as the change. With ``# base:``, the body is a patch: runs of `` ``/``-``/``+`` lines (a blank line ends a
run). Each run's context and ``-`` lines must occur exactly once in the record built so far and
are replaced by its context and ``+`` lines, so a case cannot silently drift from its base. The
base's ``id: <base>`` line first becomes ``id: <file stem>``, as a real record's would. Without ``# base:`` the body is the whole
file, byte for byte (for encodings, tabs and syntax the patch cannot carry). Line numbers in
``# expect:`` count in the built file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import TODAY, check_json, copy_registry, findings_at

BASES = Path(__file__).resolve().parent / "cases" / "bases"
HEADER = re.compile(r"^# (case|base|path|today|was|touch|author|policy|expect): (.*)$")
EXPECT = re.compile(r"^(\S+) (\d+|-) (\d+):(\d+) (.+?)( warning)?$")


class CaseError(Exception):
    """A case that cannot be built: its patch does not fit its base."""


@dataclass(frozen=True)
class Expected:
    rule: str
    article: int | None
    line: int
    column: int
    message: str
    severity: str


@dataclass(frozen=True)
class CaseText:
    name: str
    header: dict[str, str]
    expected: tuple[Expected, ...]
    body: bytes

    @property
    def target(self) -> str:
        path = self.header.get("path", "(default)")
        return f"accounts/law/{self.name}.yaml" if path == "(default)" else path

    def base_text(self, path: str) -> str:
        """The base record as it would sit at ``path`` (its id is that file's stem)."""
        base = self.header["base"]
        lines = (BASES / f"{base}.yaml").read_text(encoding="utf-8").splitlines()
        own = f"id: {Path(path).stem}"
        return "\n".join(own if line == f"id: {base}" else line for line in lines) + "\n"

    def build(self) -> bytes:
        """The file as it is checked."""
        base = self.header.get("base")
        if base is None:
            return self.body
        lines = self.base_text(self.target).splitlines()
        for before, after in _hunks(self.body.decode("utf-8").splitlines()):
            lines = _apply(lines, before, after, self.name)
        return ("\n".join(lines) + "\n").encode("utf-8")


def _expected(value: str, where: str) -> Expected:
    match = EXPECT.match(value)
    if match is None:
        raise CaseError(f"{where}: '# expect: {value}' is not 'rule article line:col message'")
    rule, article, row, column, message, warning = match.groups()
    return Expected(
        rule,
        None if article == "-" else int(article),
        int(row),
        int(column),
        message,
        "warning" if warning else "error",
    )


def parse(name: str, raw: bytes, where: str) -> CaseText:
    """Split a case into header, expectations and body (the body keeps its bytes)."""
    text = _decode(raw)
    header: dict[str, str] = {}
    expected: list[Expected] = []
    kept: list[str] = []
    for line in text.splitlines(keepends=True):
        match = HEADER.match(line.rstrip("\r\n"))
        if match is None:
            kept.append(line)
        elif match.group(1) == "expect":
            expected.append(_expected(match.group(2), where))
        elif match.group(1) == "policy":
            header["policy"] = header.get("policy", "") + match.group(2) + "\n"
        else:
            header[match.group(1)] = match.group(2)
    # A whole-file case is checked as written, its header comments included.
    body = "".join(kept).encode("utf-8") if "base" in header else raw
    return CaseText(name, header, tuple(expected), body)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")  # the GBK case file is GBK on purpose


def _hunks(body: list[str]) -> list[tuple[list[str], list[str]]]:
    hunks: list[tuple[list[str], list[str]]] = []
    before: list[str] = []
    after: list[str] = []
    for line in [*body, ""]:
        if line and line[0] in " -+":
            if line[0] in " -":
                before.append(line[1:])
            if line[0] in " +":
                after.append(line[1:])
            continue
        if line:
            raise CaseError(f"patch line must start with ' ', '-' or '+': {line!r}")
        if before or after:
            hunks.append((before, after))
        before, after = [], []
    return hunks


def _apply(lines: list[str], before: list[str], after: list[str], name: str) -> list[str]:
    if not before:
        return lines + after
    size = len(before)
    starts = [i for i in range(len(lines) - size + 1) if lines[i : i + size] == before]
    if len(starts) != 1:
        found = "not found" if not starts else f"found {len(starts)} times"
        raise CaseError(f"{name}: the lines {before!r} are {found} in the base")
    start = starts[0]
    return lines[:start] + after + lines[start + size :]


def _merge_policy(path: Path, text: str) -> None:
    policy = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in yaml.safe_load(text).items():
        if isinstance(value, dict) and isinstance(policy.get(key), dict):
            policy[key] = {**policy[key], **value}
        else:
            policy[key] = value
    path.write_text(yaml.safe_dump(policy, allow_unicode=True, sort_keys=False), "utf-8")


def run(case: CaseText, tmp_path: Path) -> list[dict[str, Any]]:
    """The findings in the case's file, checked inside a copy of the bundled registry."""
    root = copy_registry(tmp_path / "registry")
    if "policy" in case.header:
        _merge_policy(root / "policy" / "policy.yaml", case.header["policy"])
    target = root / case.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(case.build())
    return findings_at(check_json(root, "--today", case.header.get("today", TODAY)), case.target)


def run_change(case: CaseText, tmp_path: Path) -> list[dict[str, Any]]:
    """The findings of ``nmr check --base`` for the change from the base to the built file."""
    from tests.checks.test_change import Repo

    repo = Repo(tmp_path / "repo")
    was = case.header.get("was", case.target)
    repo.git("checkout", "-q", "main")
    repo.write(was, case.base_text(was))
    repo.commit("the base")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    if was != case.target:
        (repo.root / was).unlink()
    repo.write(case.target, case.build().decode("utf-8"))
    if "touch" in case.header:
        touched = case.header["touch"]
        repo.write(touched, repo.read(touched) + "# 同一变更中的修改\n")
    extra = ("--author", case.header["author"]) if "author" in case.header else ()
    _, findings, _ = repo.check("main", "--today", case.header.get("today", TODAY), *extra)
    return [f for f in findings if f["path"] in (case.target, was, case.header.get("touch"))]


def assert_expected(found: list[dict[str, Any]], expected: tuple[Expected, ...]) -> None:
    """Exactly the expected findings: rule, article, place, severity, and the message part."""
    # an article may be absent (None) beside one that is cited: sort on a number for both
    got = sorted(
        (f["rule"], f["article"] or 0, f["line"], f["column"], f["severity"]) for f in found
    )
    want = sorted((e.rule, e.article or 0, e.line, e.column, e.severity) for e in expected)
    assert got == want, found
    for item in expected:
        finding = next(
            f
            for f in found
            if (f["rule"], f["line"], f["column"]) == (item.rule, item.line, item.column)
        )
        assert item.message in finding["message"], finding
        assert finding["hint"], finding
