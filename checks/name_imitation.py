"""name-imitation: an account's name does not equal or imitate another unit's account.

{art_no_impersonation} forbids opening accounts in the name of another unit; two units' accounts that carry
the same nickname (or names that only look alike, compared after NFKC, case folding and the
TR39 skeleton, ignoring spaces) confuse the public about who speaks. A warning, naming the
account it resembles, for both: one of them may have a good reason (a joint account).
Accounts of the same unit may share a name across platforms; closed accounts are ignored.

PASS (与本单位其他账号同名)::

    # base: law-weibo
    -name: 法学院测试号
    +name: 劳院法学院

FAIL (与经济管理学院的账号同名)::

    # base: law-weibo
    # expect: name-imitation 4 3:7 与其他单位的账号 accounts/economics/ warning
    -name: 法学院测试号
    +name: 劳院经管
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from nmr.engine.api import (
    AccountIndex,
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    registry_rule,
)

NAMES_DO_NOT_IMITATE_ANOTHER = Template(
    "name-imitation.names-do-not-imitate-another",
    "账号昵称不能与其他单位的账号相同或形近",
    "names do not imitate another unit's account",
)
NAME_EQUALS_OR_LOOKS_LIKE = Template(
    "name-imitation.name-equals-or-looks-like",
    "昵称“{name}”与其他单位的账号 {listing} 相同或形近",
    "the name '{name}' equals or looks like {listing}",
)
USE_NAME_THAT_SHOWS_HOST = Template(
    "name-imitation.use-name-that-shows-host",
    "用能看出主办单位的昵称；确属联合主办的，请在说明中写明并由两个单位共同备案。",
    "Use a name that shows the host unit; for a joint account, say so.",
)

OTHER = Template("name-imitation.other", "{path}（{name}，{unit}）", "{path} ({name}, {unit})")

INFO = RuleInfo(
    "name-imitation",
    "no-impersonation",
    Severity.WARNING,
    NAMES_DO_NOT_IMITATE_ANOTHER(),
)


def check(ctx: Context) -> Iterator[Finding]:
    if not ctx.registry.complete:
        return
    by_key = ctx.registry.grouped(lambda entry: entry.nkeys if entry.status != "closed" else ())
    resembles: dict[str, dict[str, AccountIndex]] = defaultdict(dict)
    for entries in by_key.values():
        for entry in entries:
            for other in entries:
                if other.unit != entry.unit:
                    resembles[entry.path][other.path] = other
    for entry in ctx.registry.index:
        others = list(resembles.get(entry.path, {}).values())
        if not others:
            continue  # a single record in each of its groups (or not in the change's groups)
        listing = [OTHER(path=o.path, name=o.name, unit=o.unit) for o in others]
        yield INFO.finding(
            entry.path,
            entry.name_line,
            entry.name_column,
            "name",
            NAME_EQUALS_OR_LOOKS_LIKE(name=entry.name, listing=listing),
            USE_NAME_THAT_SHOWS_HOST(),
        )


RULE = registry_rule(INFO, check, __doc__)
