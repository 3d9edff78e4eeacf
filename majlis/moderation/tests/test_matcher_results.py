"""What a match reports: its term and category, and where the reader wrote it."""

from __future__ import annotations

from majlis.moderation.matcher import Lexicon, Match, Term
from majlis.moderation.normalize import normalize

LEXICON = Lexicon(
    [
        Term("idiot", "personal_attack", "en", 0.6),
        Term("kill", "threat", "en", 0.3, "suspect"),
        Term("i will kill you", "threat", "en", 0.95),
        Term("احمق", "personal_attack", "fa", 0.6),
    ]
)


def test_it_reports_spans_in_the_original_text() -> None:
    text = "You  ID10T, really"
    [match] = LEXICON.find(normalize(text))
    assert match == Match("idiot", "personal_attack", "en", 0.6, "banned", 5, 10)
    assert text[match.start : match.end] == "ID10T"


def test_it_reports_matches_left_to_right() -> None:
    text = "idiot, I will kill you, idiot"
    spans = [(m.start, m.end) for m in LEXICON.find(normalize(text))]
    assert spans == sorted(spans)
    assert len(spans) == 3


def test_a_weaker_match_inside_a_phrase_of_its_category_adds_nothing() -> None:
    [match] = LEXICON.find(normalize("i will kill you"))
    assert match.term == "i will kill you"


def test_it_can_limit_matching_to_some_languages() -> None:
    norm = normalize("idiot احمق")
    assert [m.language for m in LEXICON.find(norm)] == ["en", "fa"]
    assert [m.language for m in LEXICON.find(norm, languages=["fa"])] == ["fa"]


def test_it_finds_nothing_in_an_empty_comment() -> None:
    assert LEXICON.find(normalize("")) == []
