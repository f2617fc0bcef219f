"""duplicate-id: no two account files share an id (file name), whatever their folders.

The id is the account's name in every link, form and pull request. Because the id equals
the file name (id-matches-file), two files with the same name in two unit folders are
two accounts with one id.

PASS (id 唯一)::

    # base: law-weibo
    # path: accounts/law/unique-id.yaml

FAIL (与党委组宣部的 culr-wechat 同名)::

    # base: law-weibo
    # path: accounts/law/culr-wechat.yaml
    # expect: duplicate-id - 1:1 也被 accounts/publicity/culr-wechat.yaml 使用
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from nmr.engine.api import (
    Context,
    Finding,
    RuleInfo,
    Severity,
    Template,
    is_account_path,
    registry_rule,
    stem_of,
)

ACCOUNT_IDS_UNIQUE = Template(
    "duplicate-id.account-ids-unique", "账号 id 不得重复", "account ids are unique"
)
ID_ALSO_USED_BY = Template(
    "duplicate-id.id-also-used-by",
    "id {account_id} 也被 {others} 使用",
    "id {account_id} is also used by {others}",
)
GIVE_NEW_ACCOUNT_ANOTHER_ID = Template(
    "duplicate-id.give-new-account-another-id",
    "新账号换一个 id（通常以单位编号开头，例如 law-wechat），并同时改文件名。",
    "Give the new account another id (prefix it with the unit id) and rename the file.",
)

INFO = RuleInfo("duplicate-id", None, Severity.ERROR, ACCOUNT_IDS_UNIQUE())


def check(ctx: Context) -> Iterator[Finding]:
    focus = ctx.registry.focus
    wanted = None if focus is None else {stem_of(path) for path in focus}
    by_id: dict[str, list[str]] = defaultdict(list)
    for entry in ctx.registry.entries:
        if is_account_path(entry.path) and not entry.is_symlink:
            stem = stem_of(entry.path)
            if wanted is None or stem in wanted:  # a pull request: only its own files' ids
                by_id[stem].append(entry.path)
    for account_id, paths in by_id.items():
        if len(paths) < 2:
            continue
        for path in paths:
            others = [other for other in paths if other != path]
            yield INFO.finding(
                path,
                1,
                1,
                "id",
                ID_ALSO_USED_BY(account_id=account_id, others=others),
                GIVE_NEW_ACCOUNT_ANOTHER_ID(),
            )


RULE = registry_rule(INFO, check, __doc__)
