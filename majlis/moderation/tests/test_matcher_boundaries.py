"""Terms match whole words, unless the word list opens a side with ``*``."""

from __future__ import annotations

import pytest

from majlis.moderation.matcher import Lexicon, Term
from majlis.moderation.normalize import normalize

LEXICON = Lexicon(
    [
        Term("ass", "vulgarity", "en", 0.6),
        Term("cunt", "vulgarity", "en", 0.9),
        Term("fuck*", "profanity", "en", 0.9),
        Term("*fucker", "profanity", "en", 0.9),
        Term("buy now", "promotion", "en", 0.5),
    ]
)


def _found(text: str) -> list[str]:
    return [m.term for m in LEXICON.find(normalize(text))]


@pytest.mark.parametrize(
    "text", ["a class act", "Scunthorpe won", "as I said", "assess the bass", "buy nowhere"]
)
def test_it_does_not_match_inside_other_words(text: str) -> None:
    assert _found(text) == []


def test_it_matches_a_whole_word_between_punctuation() -> None:
    assert _found("you (ass)!") == ["ass"]
    assert _found("**cunt**") == ["cunt"]


def test_a_term_open_after_matches_its_inflections() -> None:
    assert _found("fucking hell") == ["fuck*"]


def test_a_term_open_before_matches_compounds() -> None:
    assert _found("motherfucker") == ["*fucker"]


def test_a_phrase_matches_across_any_spacing() -> None:
    assert _found("BUY\n  NOW!!!") == ["buy now"]


def test_a_double_letter_in_the_term_needs_a_double_in_the_comment() -> None:
    assert _found("as") == []
    assert _found("asssss") == ["ass"]
