"""file-layout: every file under ``accounts/`` is ``accounts/<unit>/<id>.yaml``.

The layout is what CODEOWNERS routes on and what every tool reads; a stray file is either
an account nobody checks or a document that belongs elsewhere. Symbolic links are refused:
one leaving the registry could make the checker read files outside it.

PASS (放在单位文件夹中、以 id 命名)::

    # base: law-weibo

FAIL (直接放在 accounts/ 下)::

    # base: law-weibo
    # path: accounts/outside-unit-folder.yaml
    # expect: file-layout - 1:1 不在 accounts/<单位编号>/ 文件夹中
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from nmr.engine.api import (
    Context,
    Entry,
    Finding,
    Msg,
    RuleInfo,
    Severity,
    Template,
    registry_rule,
)

FILES_ACCOUNTS_UNIT_ID_YAML = Template(
    "file-layout.files-accounts-unit-id-yaml",
    "accounts/ 下只能是 accounts/<单位>/<id>.yaml",
    "files are accounts/<unit>/<id>.yaml",
)
FILE_NAME_HAS_CONTROL_CHARACTERS = Template(
    "file-layout.file-name-has-control-characters",
    "这个文件名含有控制字符或不是 UTF-8 编码",
    "the file name has control characters or is not UTF-8",
)
RENAME_IT_ACCOUNTS_UNIT_ID = Template(
    "file-layout.rename-it-accounts-unit-id",
    "把文件改名为 accounts/<单位>/<id>.yaml（只用小写字母、数字和连字符）。",
    "Rename it to accounts/<unit>/<id>.yaml (lowercase letters, digits, hyphens).",
)
NOT_ACCOUNT_RECORD_YAML = Template(
    "file-layout.not-account-record-yaml",
    "{name} 不是账号记录（.yaml）",
    "{name} is not an account record (.yaml)",
)
ONLY_ACCOUNT_RECORDS_BELONG_UNDER = Template(
    "file-layout.only-account-records-belong-under",
    "accounts/ 下只放账号记录；登记表等文件请交{approver}存档，不要提交到库中。",
    "Only account records belong under accounts/.",
)
FIFO_DEVICE_OR_SOCKET_NOT = Template(
    "file-layout.fifo-device-or-socket-not",
    "{path} 是管道、设备或套接字，不是普通文件，没有读取",
    "{path} is a FIFO, device or socket, not a file; it was not read",
)
REMOVE_IT_ONLY_RECORDS_BELONG = Template(
    "file-layout.remove-it-only-records-belong",
    "删除它；accounts/ 下只放账号记录。",
    "Remove it; only records belong here.",
)
SYMBOLIC_LINK = Template(
    "file-layout.symbolic-link",
    "{path} 是符号链接（指向 {symlink_target}）",
    "{path} is a symbolic link (to {symlink_target})",
)
REMOVE_LINK_COMMIT_RECORD_AS = Template(
    "file-layout.remove-link-commit-record-as",
    "删除链接，把账号记录作为普通文件提交。",
    "Remove the link; commit the record as a plain file.",
)
HIDDEN_DOT_FILE_OR_IN = Template(
    "file-layout.hidden-dot-file-or-in",
    "{path} 是隐藏文件或在隐藏文件夹中：账号记录不能藏起来",
    "{path} is hidden (a dot-file or in a dot-folder)",
)
PUT_IT_BACK_AT_ACCOUNTS = Template(
    "file-layout.put-it-back-at-accounts",
    "把记录放回 accounts/<单位>/<id>.yaml；停用的账号改为 status: closed 并填写 closure（{art_closure}），不要移走。",
    "Put it back at accounts/<unit>/<id>.yaml; retire accounts with status: closed.",
)
EXTENSION_MUST_BE_YAML = Template(
    "file-layout.extension-must-be-yaml",
    "扩展名应为 .yaml：{name}",
    "the extension must be .yaml: {name}",
)
RENAME_IT_YAML = Template(
    "file-layout.rename-it-yaml", "改名为 {stem}.yaml。", "Rename it to {stem}.yaml."
)
NOT_INSIDE_ACCOUNTS_UNIT_FOLDER = Template(
    "file-layout.not-inside-accounts-unit-folder",
    "{path} 不在 accounts/<单位编号>/ 文件夹中",
    "{path} is not inside an accounts/<unit>/ folder",
)
MOVE_IT_ACCOUNTS_UNIT_ID = Template(
    "file-layout.move-it-accounts-unit-id",
    "移到 accounts/<主办单位编号>/<id>.yaml。",
    "Move it to accounts/<unit>/<id>.yaml.",
)

INFO = RuleInfo(
    "file-layout",
    None,
    Severity.ERROR,
    FILES_ACCOUNTS_UNIT_ID_YAML(),
)


_SPECIAL = (
    FILE_NAME_HAS_CONTROL_CHARACTERS(),
    RENAME_IT_ACCOUNTS_UNIT_ID(),
)


def _problem(entry: Entry) -> tuple[Msg, Msg] | None:
    if entry.is_readable_record:
        return None  # the common case, decided without building a path object
    path = PurePosixPath(entry.path)
    if entry.bad_name:
        return _SPECIAL
    if entry.special:
        return (
            FIFO_DEVICE_OR_SOCKET_NOT(path=entry.path),
            REMOVE_IT_ONLY_RECORDS_BELONG(),
        )
    if entry.is_symlink:
        return (
            SYMBOLIC_LINK(path=entry.path, symlink_target=entry.symlink_target),
            REMOVE_LINK_COMMIT_RECORD_AS(),
        )
    if entry.is_hidden:
        return (
            HIDDEN_DOT_FILE_OR_IN(path=entry.path),
            PUT_IT_BACK_AT_ACCOUNTS(),
        )
    if path.suffix == ".yml" and len(path.parts) == 3:
        return (
            EXTENSION_MUST_BE_YAML(name=path.name),
            RENAME_IT_YAML(stem=path.stem),
        )
    if len(path.parts) != 3:
        return (
            NOT_INSIDE_ACCOUNTS_UNIT_FOLDER(path=entry.path),
            MOVE_IT_ACCOUNTS_UNIT_ID(),
        )
    return (
        NOT_ACCOUNT_RECORD_YAML(name=path.name),
        ONLY_ACCOUNT_RECORDS_BELONG_UNDER(),
    )


def check(ctx: Context) -> Iterator[Finding]:
    for entry in ctx.registry.entries:
        problem = _problem(entry)
        if problem is not None:
            yield INFO.finding(entry.path, 1, 1, None, *problem)


RULE = registry_rule(INFO, check, __doc__)
