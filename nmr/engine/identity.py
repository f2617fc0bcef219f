"""Identities as a reader sees them (第四条): NFKC, case folding and the TR39 skeleton.

The confusables table is Unicode's ``confusables.txt`` as packaged by confusable-homoglyphs:
each source character lists its prototype, each prototype its sources. Two texts with the
same skeleton look alike on a screen (``culr_law`` and ``сulr_law`` with a Cyrillic с).
Script data is the same package's (Unicode Scripts.txt aliases).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from nmr.schemas.chars import is_unsafe_char

ALLOWED_TOGETHER = frozenset({"LATIN", "HAN"})  # Chinese handles mix these; TR39 allows it
NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED"})


@cache
def _prototypes() -> dict[str, str]:
    from confusable_homoglyphs import utils

    table: dict[str, list[dict[str, str]]] = utils.load("confusables.json")

    def clean(text: str) -> str:
        return text.replace("\u200e", "")  # the package wraps right-to-left glyphs in LRM

    mapping: dict[str, str] = {}
    for char, glyphs in table.items():
        if len(glyphs) != 1:
            continue  # a prototype (it lists its many sources): it stays as it is
        target = clean(glyphs[0]["c"])
        back = table.get(target, [])
        # a pair that only name each other has no known direction: fold both to one of them
        mapping[char] = min(char, target) if len(back) == 1 else target
    return mapping


def prototype_table() -> dict[str, str]:
    """The prototype of every confusable character (for the public verify box)."""
    return dict(_prototypes())


def _visible(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text)
    if normal.isprintable():
        return normal  # nothing to drop (see first_unsafe): the common case, in C
    return "".join(c for c in normal if not is_unsafe_char(c))


def skeleton(text: str) -> str:
    """TR39: what ``text`` looks like, each character replaced by its confusable prototype
    (after NFKC, with invisible characters dropped)."""
    prototypes = _prototypes()
    return unicodedata.normalize("NFKC", "".join(prototypes.get(c, c) for c in _visible(text)))


def keys(text: str, *, case_sensitive: bool = False) -> frozenset[str]:
    """Every key under which ``text`` is "the same" as another text: its NFKC form (folded
    when case does not matter) and its skeleton before and after folding (``I`` looks like
    ``l``, ``С`` like ``C``). Two texts sharing any key are the same or look alike."""
    plain = _visible(text)
    if case_sensitive:
        return frozenset({plain, skeleton(plain)})
    folded = plain.casefold()
    return frozenset({folded, skeleton(plain).casefold(), skeleton(folded).casefold()})


def handle_keys(handle: str, *, case_sensitive: bool = False) -> frozenset[str]:
    """The keys of a handle, without a leading @ or surrounding spaces."""
    return keys(_visible(handle).strip().lstrip("@"), case_sensitive=case_sensitive)


def name_keys(name: str) -> frozenset[str]:
    """Names collide when they look alike once spaces are ignored."""
    return keys("".join(name.split()))


def scripts(text: str) -> set[str]:
    from confusable_homoglyphs import categories

    return set(categories.unique_aliases(text)) - NEUTRAL_SCRIPTS


def mixed_script(text: str) -> set[str] | None:
    """The scripts of ``text`` when they mix in a way no real handle does, else None."""
    if text.isascii():
        return None  # ASCII is Latin and Common only (tested): most handles, no table to load
    found = scripts(text)
    if len(found) > 1 and not found <= ALLOWED_TOGETHER:
        return found
    return None


def full_width(text: str) -> bool:
    """Whether NFKC changes ``text`` (full-width letters and digits, compatibility forms)."""
    return unicodedata.normalize("NFKC", text) != text


def printable_key(handle: str) -> str:
    """The handle as the public verify box compares it (NFKC, trimmed, no leading @)."""
    return unicodedata.normalize("NFKC", handle).strip().lstrip("@")
