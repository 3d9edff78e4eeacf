"""What the normaliser folds: the evasion tricks commenters use, and what it must leave alone."""

from __future__ import annotations

import pytest

from majlis.moderation.normalize import normalize


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Hello WORLD", "hello world"),
        ("ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("sh\u200bit", "shit"),
        ("sh\u202eit\u202c", "shit"),
        ("sh\u00adit", "shit"),
        ("\ufeffhello", "hello"),
    ],
)
def test_it_applies_nfkc_and_drops_invisible_characters(written: str, folded: str) -> None:
    assert normalize(written).text == folded


def test_it_reads_an_emoji_the_same_in_every_skin_tone_and_presentation() -> None:
    folded = normalize("\U0001f595\U0001f3fb \U0001f595\U0001f3ff \u2764\ufe0f")
    assert folded.text == "\U0001f595 \U0001f595 \u2764"
    # The offsets lead back to the emoji as written, its skin tone included.
    assert folded.to_original(2, 3) == (3, 5)
    assert folded.to_original(4, 5) == (6, 8)


def test_it_drops_persian_zwnj_for_matching_but_keeps_the_letters() -> None:
    assert normalize("می\u200cخوام").text == "میخوام"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("s h i t happens", "shit happens"),
        ("f.u.c.k you", "fuck you"),
        ("f-u-c-k", "fuck"),
        ("i am ok", "i am ok"),
        ("version 1.2.3", "version 1.2.3"),
    ],
)
def test_it_joins_single_letters_spaced_apart(written: str, folded: str) -> None:
    assert normalize(written).text == folded


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("$h1t", "shit"),
        ("sh!t", "shit"),
        ("@ss", "ass"),
        ("a$$", "ass"),
        ("h3ll0", "hello"),
        ("k1ll", "kill"),
        ("f*ck", "f*ck"),
        ("f#ck", "f*ck"),
    ],
)
def test_it_reads_leetspeak_and_keeps_masks_as_wildcards(written: str, folded: str) -> None:
    assert normalize(written).text == folded


@pytest.mark.parametrize("written", ["2024", "$100", "hello!", "**bold**", "#tag", "50% off"])
def test_it_leaves_numbers_and_punctuation_outside_words_alone(written: str) -> None:
    assert normalize(written).text == written


def test_it_shrinks_letter_runs_to_two() -> None:
    assert normalize("fuuuuuck").text == "fuuck"
    assert normalize("ass").text == "ass"


def test_it_keeps_long_numbers() -> None:
    assert normalize("1000000").text == "1000000"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("\u0455hit", "shit"),  # Cyrillic dze
        ("р\u043ern", "porn"),  # Cyrillic er and o
        ("рор", "pop"),  # only look-alikes
        ("ιdiοt", "idiot"),  # Greek iota and omicron
    ],
)
def test_it_folds_lookalike_letters_in_latin_words(written: str, folded: str) -> None:
    assert normalize(written).text == folded


def test_it_leaves_ordinary_cyrillic_and_greek_words_alone() -> None:
    assert normalize("привет").text == "привет"
    assert normalize("сука").text == "сука"
    assert normalize("καλημέρα").text == "καλημερα"


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("كلب", "کلب"),  # Arabic kaf to keheh
        ("يا", "یا"),  # Arabic yeh to Farsi yeh
        ("مشى", "مشی"),  # alef maksura
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("ئەوە", "یهوه"),  # Sorani ae and hamza seat
        ("أحمد إلى آمن", "احمد الی امن"),
        ("كـــلب", "کلب"),  # tatweel
        ("كَلْبٌ", "کلب"),  # harakat
        ("۱۲۳ ٤٥٦", "123 456"),
    ],
)
def test_it_unifies_arabic_script_spellings(written: str, folded: str) -> None:
    assert normalize(written).text == folded


def test_it_keeps_sorani_letters_that_have_no_other_spelling() -> None:
    assert normalize("ڕێگەی ڵ ۆ").text == "ڕێگهی ڵ ۆ"


def test_it_drops_latin_accents_but_not_turkish_dotless_i() -> None:
    assert normalize("çöp şeker êvar").text == "cop seker evar"
    assert normalize("şık").text == "sık"


def test_it_makes_every_whitespace_one_space() -> None:
    assert normalize("a\n\t  b").text == "a b"
