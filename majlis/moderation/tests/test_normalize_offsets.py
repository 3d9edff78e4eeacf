"""The offset map leads from a span of the folded text back to what the reader wrote."""

from __future__ import annotations

from majlis.moderation.normalize import normalize


def _back(written: str, folded_word: str) -> str:
    norm = normalize(written)
    start = norm.text.index(folded_word)
    a, b = norm.to_original(start, start + len(folded_word))
    return written[a:b]


def test_it_maps_a_plain_word_to_itself() -> None:
    assert _back("what a shit day", "shit") == "shit"


def test_it_maps_spaced_letters_to_the_whole_spaced_run() -> None:
    assert _back("oh s h i t no", "shit") == "s h i t"


def test_it_maps_leetspeak_to_the_written_symbols() -> None:
    assert _back("total $h1t!", "shit") == "$h1t"


def test_it_maps_a_shrunk_run_to_every_repeated_letter() -> None:
    assert _back("fuuuuck off", "fuuck") == "fuuuuck"


def test_it_maps_across_removed_zero_width_characters() -> None:
    assert _back("a sh\u200b\u200bit b", "shit") == "sh\u200b\u200bit"


def test_it_keeps_a_combining_accent_with_its_letter() -> None:
    assert _back("cafe\u0301 ok", "cafe") == "cafe\u0301"


def test_it_maps_expanded_characters_back_to_the_one_they_came_from() -> None:
    norm = normalize("ﷺ x")  # one presentation form, many letters
    end = norm.text.index(" x")
    assert norm.to_original(0, end) == (0, 1)


def test_it_maps_an_empty_or_out_of_range_span_to_a_point() -> None:
    norm = normalize("hello")
    assert norm.to_original(2, 2) == (2, 2)
    assert norm.to_original(10, 20) == (5, 5)
    assert norm.to_original(-5, 2) == (0, 2)
