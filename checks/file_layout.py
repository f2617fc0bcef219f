"""file-layout: every file under ``accounts/`` is ``accounts/<unit>/<id>.yaml``.

The layout is what CODEOWNERS routes on and what every tool reads; a stray file is either
an account nobody checks or a document that belongs elsewhere. Symbolic links are refused:
one leaving the registry could make the checker read files outside it.

PASS::

    accounts/law/law-wechat.yaml

FAIL::

    accounts/law-wechat.yaml           # not inside a unit folder
    accounts/law/law-wechat.yml        # .yml instead of .yaml
    accounts/law/登记表.docx            # not a record
    accounts/law/x.yaml -> /etc/passwd # symbolic link
    accounts/.archive/law-wechat.yaml  # hidden: an account put out of sight
    accounts/law/.law-wechat.yaml      # a dot-file
    accounts/law/pipe.yaml             # a FIFO or device
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
    registry_rule,
)

INFO = RuleInfo(
    "file-layout",
    None,
    Severity.ERROR,
    Msg("accounts/ 下只能是 accounts/<单位>/<id>.yaml", "files are accounts/<unit>/<id>.yaml"),
)


_SPECIAL = (
    Msg(
        "这个文件名含有控制字符或不是 UTF-8 编码",
        "the file name has control characters or is not UTF-8",
    ),
    Msg(
        "把文件改名为 accounts/<单位>/<id>.yaml（只用小写字母、数字和连字符）。",
        "Rename it to accounts/<unit>/<id>.yaml (lowercase letters, digits, hyphens).",
    ),
)


def _problem(entry: Entry) -> tuple[Msg, Msg] | None:
    if entry.is_readable_record:
        return None  # the common case, decided without building a path object
    path = PurePosixPath(entry.path)
    if entry.bad_name:
        return _SPECIAL
    if entry.special:
        return (
            Msg(
                f"{entry.path} 是管道、设备或套接字，不是普通文件，没有读取",
                f"{entry.path} is a FIFO, device or socket, not a file; it was not read",
            ),
            Msg("删除它；accounts/ 下只放账号记录。", "Remove it; only records belong here."),
        )
    if entry.is_symlink:
        return (
            Msg(
                f"{entry.path} 是符号链接（指向 {entry.symlink_target}）",
                f"{entry.path} is a symbolic link (to {entry.symlink_target})",
            ),
            Msg(
                "删除链接，把账号记录作为普通文件提交。",
                "Remove the link; commit the record as a plain file.",
            ),
        )
    if entry.is_hidden:
        return (
            Msg(
                f"{entry.path} 是隐藏文件或在隐藏文件夹中：账号记录不能藏起来",
                f"{entry.path} is hidden (a dot-file or in a dot-folder)",
            ),
            Msg(
                "把记录放回 accounts/<单位>/<id>.yaml；停用的账号改为 status: closed 并填写 closure（第十四条），不要移走。",
                "Put it back at accounts/<unit>/<id>.yaml; retire accounts with status: closed.",
            ),
        )
    if path.suffix == ".yml" and len(path.parts) == 3:
        return (
            Msg(f"扩展名应为 .yaml：{path.name}", f"the extension must be .yaml: {path.name}"),
            Msg(f"改名为 {path.stem}.yaml。", f"Rename it to {path.stem}.yaml."),
        )
    if len(path.parts) != 3:
        return (
            Msg(
                f"{entry.path} 不在 accounts/<单位编号>/ 文件夹中",
                f"{entry.path} is not inside an accounts/<unit>/ folder",
            ),
            Msg(
                "移到 accounts/<主办单位编号>/<id>.yaml。", "Move it to accounts/<unit>/<id>.yaml."
            ),
        )
    return (
        Msg(f"{path.name} 不是账号记录（.yaml）", f"{path.name} is not an account record (.yaml)"),
        Msg(
            "accounts/ 下只放账号记录；登记表等文件请交组宣部存档，不要提交到库中。",
            "Only account records belong under accounts/.",
        ),
    )


def check(ctx: Context) -> Iterator[Finding]:
    for entry in ctx.registry.entries:
        problem = _problem(entry)
        if problem is not None:
            yield INFO.finding(entry.path, 1, 1, None, *problem)


RULE = registry_rule(INFO, check, __doc__)
