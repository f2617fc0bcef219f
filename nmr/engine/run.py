"""Run the rules: file by file (in parallel on big registries), then across the registry."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nmr.checks import RULES
from nmr.engine.base import ChangeSet, Context, Rule
from nmr.engine.cache import Cache
from nmr.engine.change import load_changes
from nmr.engine.matrix import SHAPE_IDS
from nmr.engine.registry import (
    AccountFile,
    AccountIndex,
    Registry,
    account_paths,
    load_account,
    load_frame,
)
from nmr.schemas.finding import Finding, Severity, field_path
from nmr.schemas.models import Account, Policy
from nmr.schemas.salvage import readable_rest
from nmr.schemas.source import DEFAULT_LIMITS, Document

if TYPE_CHECKING:
    import multiprocessing.context

PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves


def today_in(policy: Policy | None, now: dt.datetime | None = None) -> dt.date:
    """Today in the policy's timezone (Asia/Shanghai), whatever the machine's zone."""
    zone_name = policy.timezone if policy is not None else "Asia/Shanghai"
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Asia/Shanghai")
    return (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()


@dataclass(slots=True)
class Outcome:
    findings: list[Finding]
    registry: Registry | None
    checked: int  # account files looked at
    today: dt.date | None
    change: ChangeSet | None = None


def _scoped(scope: str, rules: Iterable[Rule], policy: Policy) -> tuple[Rule, ...]:
    """The rules of ``scope`` with a requirement this policy has not switched off.

    A rule that cites several requirements runs while any is on; ``cite`` then drops the
    findings of those that are off.
    """
    return tuple(
        rule
        for rule in rules
        if rule.scope == scope
        and any(policy.requirement(info.requirement).enabled for info in (rule.info, *rule.also))
    )


def cite(findings: Iterable[Finding], policy: Policy) -> list[Finding]:
    """Each finding with the article (and severity) policy.yaml gives its requirement.

    A requirement switched off drops its rules' findings. A shape error is never dropped,
    whatever requirement its field serves: a record that cannot be read is never clean.
    """
    out = []
    for finding in findings:
        setting = policy.requirement(finding.requirement)
        if not setting.enabled:
            if finding.rule not in SHAPE_IDS:
                continue
            out.append(dataclasses.replace(finding, article=None))
            continue
        severity = Severity(setting.severity) if setting.severity else finding.severity
        out.append(dataclasses.replace(finding, article=setting.article, severity=severity))
    return out


def check_file(
    context: Context, rel: str, rules: Iterable[Rule] = RULES
) -> tuple[list[Finding], AccountIndex | None]:
    """Load one account file and run the document and account rules on it."""
    registry = context.registry
    loaded = load_account(registry.root, rel, registry.limits, registry.account_model)
    found = list(loaded.findings)
    if loaded.document is not None:
        for rule in _file_rules("document", rules, registry):
            found.extend(rule.check(loaded.document, context))
    record, left_out = loaded.account, tuple[str, ...]()
    if record is None and loaded.document is not None and loaded.findings:
        record, left_out = _readable_rest(loaded.document, registry)
    if record is None:
        return found, None
    for rule in _file_rules("account", rules, registry):
        if not left_out:
            found.extend(rule.check(record, context))
            continue
        try:
            found.extend(f for f in rule.check(record, context) if not _inside(f.field, left_out))
        except (AttributeError, TypeError, KeyError, IndexError, ValueError):
            continue  # the rule needs a part left out; the shape finding speaks for it
    # A record read with a required field absent stays out of the cross-record rules.
    if not registry.indexing or type(record.account) is not registry.account_model:
        return found, None
    return found, AccountIndex.of(record, registry.policy)


def _readable_rest(
    document: Document, registry: Registry
) -> tuple[AccountFile | None, tuple[str, ...]]:
    """A record with shape errors, less its broken optional keys: the rules report on the
    rest in the same round (a shape error no longer hides a bad phone elsewhere)."""
    rest = readable_rest(registry.account_model, document)
    if rest is None:
        return None, ()
    account, left_out = rest
    return AccountFile(document.path, document, account), tuple(
        str(field_path(loc)) for loc in left_out
    )


def _inside(field: str | None, parts: tuple[str, ...]) -> bool:
    """Whether a finding's field lies in one of the parts left out of a salvaged record."""
    return field is not None and any(
        field == part or field.startswith((f"{part}.", f"{part}[")) for part in parts
    )


def _file_rules(scope: str, rules: Iterable[Rule], registry: Registry) -> tuple[Rule, ...]:
    """_scoped for one file: the full rule set's answer is worked out once per registry."""
    if rules is not RULES:
        return _scoped(scope, rules, registry.policy)
    if scope not in registry.file_rules:
        registry.file_rules[scope] = _scoped(scope, RULES, registry.policy)
    return registry.file_rules[scope]


_worker_context: Context | None = None


def _start_worker(context: Context) -> None:
    global _worker_context  # noqa: PLW0603 - one context per worker process
    _worker_context = context


def _check_chunk(paths: list[str]) -> list[tuple[list[Finding], AccountIndex | None]]:
    assert _worker_context is not None
    return [check_file(_worker_context, path) for path in paths]


def _fork_context() -> multiprocessing.context.ForkContext | None:
    """multiprocessing's fork context where the platform has one; imported only when a pool is
    worth starting (pre-commit on a few files never pays for it)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def _check_files(
    context: Context, paths: list[str], jobs: int
) -> Iterator[tuple[list[Finding], AccountIndex | None]]:
    forking = _fork_context() if jobs >= 2 and len(paths) >= PARALLEL_FROM else None
    if forking is None:
        for path in paths:
            yield check_file(context, path)
        return
    size = max(50, len(paths) // (jobs * 32))  # small chunks: no worker idles at the end
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    # fork: workers inherit the loaded policy and units instead of re-reading them
    with forking.Pool(jobs, _start_worker, (context,)) as pool:
        for results in pool.imap(_check_chunk, chunks):
            yield from results


def check(
    root: Path,
    today: dt.date | None = None,
    only: Iterable[str] | None = None,
    jobs: int | None = None,
    base: str | None = None,
    author: str | None = None,
    use_cache: bool = True,
) -> Outcome:
    """Every finding for the registry at ``root`` (or for the files in ``only``).

    With ``base`` (a git ref), the change since the merge base is checked: only the account
    files it touches are read in full; the registry-wide rules see every other file through the
    cached index (``nmr.engine.cache``), and what they find in files the change does not touch
    is a warning: one unit's old problem never blocks another unit's pull request.
    """
    # explicit files (pre-commit): no walk over the whole tree, unless a change is judged; the
    # other files are then unknown, so the registry-wide rules wait for the full check
    scoped = only is not None and base is None
    registry, findings = load_frame(root, only if scoped else None)
    change = (
        load_changes(
            root,
            base,
            registry.limits if registry else DEFAULT_LIMITS,
            registry.account_model if registry else Account,
        )
        if base is not None
        else None
    )
    if registry is None:
        return Outcome(sorted(findings, key=lambda f: f.sort_key), None, 0, today, change)
    day = today or today_in(registry.policy)
    context = Context(registry, day)
    paths = account_paths(registry)
    report = frozenset(only) if only is not None else None
    full = {
        path
        for path in paths
        if (report is None or path in report) and (change is None or path in change.touched)
    }
    # a pull request's own files are judged afresh: of the others only the index is wanted
    store = Cache.open(registry, day.isoformat(), enabled=use_cache, findings=change is None)
    judged = frozenset(full) if change is not None else frozenset()
    found = list(findings) + _run_files(
        context, paths, full, store, jobs, complete=only is None, judged=judged, partial=scoped
    )
    store.save()
    if change is not None:
        registry.focus = frozenset(change.touched)
    if report is not None and not registry.indexed_all:
        registry.only = report  # some other file's index is missing: cross-file rules wait
    for rule in _scoped("registry", RULES, registry.policy):
        found.extend(rule.check(context))
    if change is not None:
        change = dataclasses.replace(change, author=author)
        found += change.findings
        for rule in _scoped("change", RULES, registry.policy):
            found.extend(rule.check(change, context))
    found = cite(found, registry.policy)
    if change is not None:
        found = [
            f if f.path in change.touched else f.with_severity(Severity.WARNING) for f in found
        ]
    if report is not None:  # explicit files (pre-commit): report on those alone, and on a
        # linked folder they sit under (it is why they were not read)
        found = [f for f in found if f.path in report or _holds(f.path, report)]
    return Outcome(
        sorted(_most_specific(found), key=lambda f: f.sort_key),
        registry,
        len(paths) if report is None else len([p for p in paths if p in report]),
        day,
        change,
    )


def _run_files(
    context: Context,
    paths: list[str],
    full: set[str],
    store: Cache,
    jobs: int | None,
    *,
    complete: bool,
    judged: frozenset[str] = frozenset(),
    partial: bool = False,
) -> list[Finding]:
    """The findings of the files in ``full``, each from the cache or checked; every other file
    contributes its index (cached, or checked without reporting when ``complete`` is wanted).
    The files in ``judged`` (what a pull request changes) are always read afresh. ``partial``:
    only the named files were looked for (pre-commit), so the index can never be whole."""
    registry = context.registry
    keys = store.keys(registry.root, paths)
    found: list[Finding] = []
    pending: list[str] = []
    missing_index = False
    for path in paths:
        hit = store.lookup(keys.get(path)) if path not in judged else None
        if hit is not None and (path not in full or hit.findings is not None):
            if path in full:
                found += hit.findings or []
            if hit.index is not None:
                registry.index.append(hit.index)
        elif path in full or complete:
            pending.append(path)
        else:
            missing_index = True  # pre-commit on a few files: do not read the whole registry
    # a few files, no cache, other files unread: the registry-wide rules will not run, so
    # nothing needs these files' index (nor Unicode's confusables table, to make it)
    missing_index = missing_index or partial
    registry.indexing = store.enabled or not missing_index
    jobs = jobs or int(os.environ.get("NMR_JOBS", "0") or 0) or os.cpu_count() or 1
    for path, (file_findings, index) in zip(
        pending, _check_files(context, pending, jobs), strict=True
    ):
        if path not in judged:
            store.keep(keys.get(path), file_findings, index)
        if path in full:
            found += file_findings
        if index is not None:
            registry.index.append(index)
    registry.index.sort(key=lambda item: item.path)  # the same order, cached or not
    registry.indexed_all = not missing_index
    return found


def _holds(folder: str, paths: frozenset[str]) -> bool:
    return any(path.startswith(f"{folder}/") for path in paths)


def _most_specific(findings: list[Finding]) -> list[Finding]:
    """Drop a generic shape finding where a rule with an article reports the same spot.

    An unknown key ``password:`` is both unknown to the schema and a secret (第九条): the
    article is what the unit needs to read.
    """
    cited = {(f.path, f.line, f.column) for f in findings if f.rule != "schema" and f.article}
    return [f for f in findings if f.rule != "schema" or (f.path, f.line, f.column) not in cited]
