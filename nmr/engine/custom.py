"""Custom rules of policy.yaml: CEL expressions over a record, as Kubernetes admission policies.

An institution whose Measures ask for something no built-in rule checks writes it as a
``custom_rules`` entry. Expressions are compiled once (a broken one is a finding on policy.yaml,
never a crash) and evaluated by the maintained Rust CEL implementation, which cannot loop or
touch the machine: CEL has no side effects and every comprehension is bounded by its input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from nmr.schemas.finding import RuleInfo, Severity
from nmr.schemas.models import Account, CustomRule, Policy, Unit
from nmr.schemas.source import KeyPath
from nmr.schemas.text import Msg

if TYPE_CHECKING:
    import cel

_INDEX = re.compile(r"^(?P<key>[a-z_][a-z0-9_]*)(?:\[(?P<index>[0-9]+)\])?$")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one expression said about one record: true, false, or why it could not say."""

    value: bool
    error: str | None = None


@lru_cache(maxsize=512)
def compiled(expression: str) -> cel.Program | str:
    """The compiled program, or the compiler's message when the expression is broken."""
    import cel  # its package also loads a command line (rich, prompt_toolkit): only when used

    try:
        return cel.compile(expression)
    except (ValueError, RuntimeError, TypeError) as error:
        return _one_line(str(error))


def _one_line(error: str) -> str:
    """The compiler's own words, on one line: ``1:19: Syntax error: …`` without the echo."""
    lines = error.splitlines() or [""]
    found = next((line for line in lines if "ERROR: <input>:" in line), lines[0])
    return found.split("ERROR: <input>:", 1)[-1].strip()


def compile_error(expression: str) -> str | None:
    program = compiled(expression)
    return program if isinstance(program, str) else None


def info(rule: CustomRule) -> RuleInfo:
    title = Msg.verbatim(rule.title, rule.title)
    return RuleInfo(rule.id, rule.requirement, Severity(rule.severity), title)


def infos(policy: Policy | None) -> tuple[RuleInfo, ...]:
    return tuple(info(rule) for rule in policy.custom_rules) if policy is not None else ()


def message(rule: CustomRule) -> Msg:
    return Msg.verbatim(rule.message, rule.message_en or rule.message)


def hint(rule: CustomRule) -> Msg:
    return Msg.verbatim(rule.hint, rule.hint_en or rule.hint)


def where(rule: CustomRule) -> KeyPath:
    """The key path ``field`` names (``admins[0].phone`` → ``("admins", 0, "phone")``)."""
    path: list[str | int] = []
    for part in (rule.field or "").split("."):
        match = _INDEX.match(part)
        if match is None:
            continue
        path.append(match["key"])
        if match["index"] is not None:
            path.append(int(match["index"]))
    return tuple(path)


def _timestamps(value: Any) -> Any:
    """Dates as CEL timestamps (midnight), so that expressions can subtract and compare them."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, Mapping):
        return {key: _timestamps(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_timestamps(item) for item in value]
    return value


def variables(
    account: Account, unit: Unit | None, policy: Policy, today: dt.date
) -> dict[str, Any]:
    platform = policy.platforms.get(account.platform)
    values = {
        "record": account.model_dump(),
        "unit": unit.model_dump() if unit is not None else None,
        "platform": {"key": account.platform, **platform.model_dump()} if platform else None,
        "today": today,
    }
    return {name: _timestamps(value) for name, value in values.items()}


def evaluate(expression: str, values: Mapping[str, Any]) -> Outcome:
    program = compiled(expression)
    if isinstance(program, str):
        return Outcome(False, program)
    try:
        result = program.execute(dict(values))
    except KeyError as error:
        return Outcome(False, f"记录中没有 {error}")
    except (ValueError, TypeError, RuntimeError) as error:
        return Outcome(False, _one_line(str(error)))
    if not isinstance(result, bool):
        return Outcome(False, f"表达式的结果是 {type(result).__name__}，应为 true 或 false")
    return Outcome(result)
