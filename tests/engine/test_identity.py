"""Look-alike identities: the shortcuts taken before Unicode's tables must agree with them."""

from __future__ import annotations

from confusable_homoglyphs import categories

from nmr.engine.identity import mixed_script, scripts


def test_ascii_is_latin_and_common_only() -> None:
    """mixed_script answers None for ASCII without loading the script table: sound only while
    the packaged table puts every ASCII character in Latin or Common."""
    found = {categories.aliases_categories(chr(point))[0] for point in range(128)}
    assert found == {"LATIN", "COMMON"}
    every = "".join(chr(point) for point in range(32, 127))
    assert scripts(every) == {"LATIN"} and mixed_script(every) is None


def test_a_cyrillic_letter_in_a_latin_handle_is_mixed() -> None:
    assert mixed_script("culr_law") is None
    assert mixed_script("сulr_law") == {"CYRILLIC", "LATIN"}  # the first letter is Cyrillic
    assert mixed_script("法学院law") is None
