"""The shipped word lists load, cover every language and category, and say where they come from."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from majlis.moderation.categories import LANGUAGES
from majlis.moderation.matcher import LEXICON_CATEGORIES, load_lexicon
from majlis.moderation.normalize import normalize

DATA = Path(__file__).parent / "data"


def _header(language: str) -> str:
    path = resources.files("majlis.moderation").joinpath("lexicons", f"{language}.tsv")
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.startswith("#"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_lists_every_category(language: str) -> None:
    lexicon = load_lexicon([language])
    assert {t.category for t in lexicon.entries} == set(LEXICON_CATEGORIES)
    assert len(lexicon) >= 40


@pytest.mark.parametrize("language", ["ckb", "kmr"])
def test_the_kurdish_lists_ask_for_a_native_speakers_review(language: str) -> None:
    header = _header(language)
    assert "written by the Majlis team" in header
    assert "reviewed by: nobody yet" in header


def test_loading_is_cached() -> None:
    assert load_lexicon() is load_lexicon(LANGUAGES)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no word lists"):
        load_lexicon(["xx"])


@pytest.mark.parametrize("language", ["ckb", "kmr"])
def test_ordinary_kurdish_comments_match_nothing(language: str) -> None:
    lexicon = load_lexicon()
    lines = (DATA / f"langid_{language}.txt").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line and not line.startswith("#"):
            assert lexicon.find(normalize(line)) == [], line


@pytest.mark.parametrize("languages", [["en"], ["fa"], ["ckb", "tr"], None])
def test_the_neutral_list_is_matched_with_every_choice_of_languages(languages) -> None:
    lexicon = load_lexicon(languages)
    found = lexicon.find(
        normalize("\U0001f4a9\U0001f4a9\U0001f4a9 \U0001f595\U0001f3fd"), languages=languages
    )
    assert [(m.category, m.start, m.end) for m in found] == [
        ("vulgarity", 0, 3),
        ("vulgarity", 4, 6),  # the skin tone is highlighted with its emoji
    ]


def test_disapproval_is_not_on_the_neutral_list() -> None:
    # Criticism is welcome: a thumbs-down or an angry face is not abuse.
    assert load_lexicon().find(normalize("\U0001f44e\U0001f621 wrong again")) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("You are a f*cking id1ot", "profanity"),
        ("i will k i l l you", "threat"),
        ("Earn $500 per day from home, DM me", "promotion"),
        ("یا حيوان", "personal_attack"),
        ("میکشمت", "threat"),
        ("seni öldüreceğim", "threat"),
        ("دەتکوژم", "threat"),
        ("ez ê te bikujim", "threat"),
    ],
)
def test_the_lists_catch_typical_abuse_in_each_language(text: str, category: str) -> None:
    found = {m.category for m in load_lexicon().find(normalize(text))}
    assert category in found
