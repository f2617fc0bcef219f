"""no-secrets: no passwords, AppSecrets or tokens in a record (上网不涉密).

The registry is read by many people and kept forever in git history; a password written
here is a password published. Keys named like secrets and values that look like one are
refused wherever they appear.

PASS (没有涉密信息)::

    # base: law-weibo

FAIL (平台 ID 处粘贴了 AppSecret)::

    # base: law-weibo
    # expect: no-secrets 9 6:14 像是密码或密钥
     handle: "culr_law_case"
    +platform_id: "9f86d081884c7d659a2feaa0c55ad015"

FAIL (宗旨里写了密码)::

    # base: law-weibo
    # expect: no-secrets 9 8:12 像是密码或密钥
    -  mission: 发布学院新闻。
    +  mission: 发布学院新闻。后台密码：culr2016
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
    RuleInfo,
    Severity,
    Template,
    document_rule,
    field_path,
)

REMOVE_IT_AND_CHANGE_PASSWORD = Template(
    "no-secrets.remove-it-and-change-password",
    "删除这一项，并立即在平台上更换该密码或密钥（它已进入 git 历史）；密码由管理员线下保管，不写入备案库。",
    "Remove it and change the password or key on the platform now: it is in git history.",
)
NO_PASSWORDS_KEYS_OR_TOKENS = Template(
    "no-secrets.no-passwords-keys-or-tokens",
    "记录中不得出现密码、密钥等涉密信息",
    "no passwords, keys or tokens in records",
)
SECRET_LIKE_KEY_IN_RECORD = Template(
    "no-secrets.secret-like-key-in-record",
    "记录中出现了涉密字段“{text}”",
    "a secret-like key '{text}' is in the record",
)
LOOKS_LIKE_PASSWORD_OR_KEY = Template(
    "no-secrets.looks-like-password-or-key",
    "{field_path} 的内容像是密码或密钥",
    "{field_path} looks like a password or key",
)

INFO = RuleInfo(
    "no-secrets",
    "confidentiality",
    Severity.ERROR,
    NO_PASSWORDS_KEYS_OR_TOKENS(),
)

SECRET_KEY = re.compile(
    r"pass(word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|密码|口令|密钥|秘钥", re.I
)
SECRET_TEXT = re.compile(
    r"(密码|口令|密钥|秘钥|password|passwd|pwd|app\s*secret|token)\s*(是|为|[:：=])\s*\S+", re.I
)
HEX_SECRET = re.compile(r"^[0-9a-fA-F]{32,}$")

HINT = REMOVE_IT_AND_CHANGE_PASSWORD()


def _walk(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str, bool]]:
    """(path, text, is_key) for every key and text value (findings are sorted afterwards);
    a stack, not nested generators: this runs over every value of every file."""
    stack: list[tuple[KeyPath, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, dict):
            for key in item:
                yield (*where, key), key, True
            stack.extend(reversed([((*where, key), child) for key, child in item.items()]))
        elif isinstance(item, list):
            stack.extend(reversed([((*where, index), child) for index, child in enumerate(item)]))
        elif isinstance(item, str):
            yield where, item, False


LONG_HEX = re.compile(r"[0-9a-fA-F]{32,}")
# The words SECRET_TEXT begins with, lowercased as re.IGNORECASE compares them (ſ is an s to
# it, and str.lower() keeps ſ): a text without any of them cannot match (tested on every
# character that has a case).
SECRET_WORDS = ("密码", "口令", "密钥", "秘钥", "password", "passwd", "pwd", "secret", "token")


def fold(text: str) -> str:
    return text.lower().replace("ſ", "s")


def may_hold_secret_text(text: str) -> bool:
    """False only when SECRET_TEXT cannot match ``text`` (a cheap test before the regex)."""
    folded = fold(text)
    return any(word in folded for word in SECRET_WORDS)


def check(document: Document, ctx: Context) -> Iterator[Finding]:
    source = document.verbatim
    keys = "\n".join({str(path[-1]) for path in document.keys})
    if (
        source is not None
        and not SECRET_KEY.search(keys)
        and not (may_hold_secret_text(source) and SECRET_TEXT.search(source))
        and not LONG_HEX.search(source)
    ):
        return  # nothing in the whole file could match: no key or value needs a look
    for path, text, is_key in _walk(document.data, ()):
        if is_key:
            if not SECRET_KEY.search(text):
                continue
            message = SECRET_LIKE_KEY_IN_RECORD(text=text)
        elif SECRET_TEXT.search(text) or HEX_SECRET.match(text):
            message = LOOKS_LIKE_PASSWORD_OR_KEY(field_path=field_path(path))
        else:
            continue
        yield document.finding(INFO, path, message, HINT, on_key=is_key)


RULE = document_rule(INFO, check, __doc__)
