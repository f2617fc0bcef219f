"""Characters that must never hide in record text: controls, bidi and zero-width characters."""

from __future__ import annotations

import unicodedata

# Bidi embeddings/overrides/isolates, zero-width and other invisible format characters.
INVISIBLE = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def is_unsafe_char(char: str) -> bool:
    """Control (C0, C1, DEL), line/paragraph separators, bidi and zero-width characters."""
    if char in INVISIBLE:
        return True
    category = unicodedata.category(char)
    return category in ("Cc", "Zl", "Zp", "Cs") or (category == "Cf" and char != "\u00ad")


def first_unsafe(text: str) -> int | None:
    """Index of the first unsafe character in ``text``, or None."""
    if text.isprintable():
        return None  # every unsafe character is one str.isprintable() refuses (C*, Zl, Zp)
    for index, char in enumerate(text):
        if is_unsafe_char(char):
            return index
    return None


def describe(char: str) -> str:
    """U+202E RIGHT-TO-LEFT OVERRIDE."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
