"""The fast path of the unsafe-character scan must never let an unsafe character through."""

from __future__ import annotations

import sys

from nmr.schemas.chars import first_unsafe, is_unsafe_char


def test_every_unsafe_character_is_one_isprintable_refuses() -> None:
    """first_unsafe skips the per-character scan for text str.isprintable() accepts: sound only
    while every unsafe character is unprintable to Python, for every code point there is."""
    printable_but_unsafe = [
        f"U+{point:04X}"
        for point in range(sys.maxunicode + 1)
        if is_unsafe_char(chr(point)) and chr(point).isprintable()
    ]
    assert printable_but_unsafe == []


def test_first_unsafe_finds_the_first_in_mixed_text() -> None:
    assert first_unsafe("法学院官方微博") is None
    assert first_unsafe("法学院\u202e官方\u200b") == 3
    assert first_unsafe("culr\x07law") == 4
    assert first_unsafe("a b\u00adc") is None  # a soft hyphen is visible enough, and allowed
