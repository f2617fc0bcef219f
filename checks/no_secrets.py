"""第九条 no-secrets: no passwords, AppSecrets or tokens in a record (上网不涉密).

The registry is read by many people and kept forever in git history; a password written
here is a password published. Keys named like secrets and values that look like one are
refused wherever they appear.

PASS::

    platform_id: gh_3f2a9c01

FAIL::

    password: culr2016
    purpose: {mission: 后台密码：abc123, …}
    app_secret: 9f86d081884c7d659a2feaa0c55ad015
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nmr.engine.api import (
    Context,
    Document,
    Finding,
    KeyPath,
    Msg,
    RuleInfo,
    Severity,
    document_rule,
    field_path,
)

INFO = RuleInfo(
    "no-secrets",
    9,
    Severity.ERROR,
    Msg("记录中不得出现密码、密钥等涉密信息", "no passwords, keys or tokens in records"),
)

SECRET_KEY = re.compile(
    r"pass(word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|密码|口令|密钥|秘钥", re.I
)
SECRET_TEXT = re.compile(
    r"(密码|口令|密钥|秘钥|password|passwd|pwd|app\s*secret|token)\s*(是|为|[:：=])\s*\S+", re.I
)
HEX_SECRET = re.compile(r"^[0-9a-fA-F]{32,}$")

HINT = Msg(
    "删除这一项，并立即在平台上更换该密码或密钥（它已进入 git 历史）；"
    "密码由管理员线下保管，不写入备案库。",
    "Remove it and change the password or key on the platform now: it is in git history.",
)


def _walk(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str, bool]]:
    """(path, text, is_key) for every key and text value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key, True
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
    elif isinstance(value, str):
        yield path, value, False


def check(document: Document, ctx: Context) -> Iterator[Finding]:
    for path, text, is_key in _walk(document.data, ()):
        if is_key:
            if not SECRET_KEY.search(text):
                continue
            message = Msg(
                f"记录中出现了涉密字段“{text}”", f"a secret-like key '{text}' is in the record"
            )
        elif SECRET_TEXT.search(text) or HEX_SECRET.match(text):
            message = Msg(
                f"{field_path(path)} 的内容像是密码或密钥",
                f"{field_path(path)} looks like a password or key",
            )
        else:
            continue
        yield document.finding(INFO, path, message, HINT, on_key=is_key)


RULE = document_rule(INFO, check, __doc__)
