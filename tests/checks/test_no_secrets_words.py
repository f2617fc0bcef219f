"""no-secrets skips its regex on text without any of its words: that must never miss a match."""

from __future__ import annotations

import re
import sys

from nmr.checks.no_secrets import SECRET_TEXT, SECRET_WORDS, fold, may_hold_secret_text


def test_every_character_the_regex_takes_for_a_letter_of_its_words_is_folded_to_it() -> None:
    """re.IGNORECASE matches some characters to a letter that str.lower() does not turn into it
    (ſ for s); may_hold_secret_text folds those. Checked over every character with a case."""
    letters = {char for word in SECRET_WORDS for char in word if char.isascii()}
    missed = []
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if char.lower() == char and char.upper() == char:
            continue  # no case: re.IGNORECASE matches it to itself only
        missed += [
            f"U+{point:04X}→{letter}"
            for letter in letters
            if char != letter and re.fullmatch(letter, char, re.I) and letter not in fold(char)
        ]
    assert missed == []


def test_text_with_a_secret_passes_the_cheap_test() -> None:
    for text in ("后台密码：abc", "PassWord = x", "paſſword: x", "app  SECRET：1", "TO\u212aEN=1"):
        assert SECRET_TEXT.search(text), text
        assert may_hold_secret_text(text), text
    assert not may_hold_secret_text("result: pass\nreviewed_by: 审批人")
