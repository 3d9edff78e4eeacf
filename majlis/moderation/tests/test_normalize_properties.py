"""Properties the normaliser keeps for any input at all."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from majlis.moderation.normalize import normalize

# Arbitrary Unicode, plus text weighted towards the characters the folding rules act on.
_tricky = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyz ABC.-_*#$@!013457 \u200b\u200c\u202e\u00ad\ufeff")
        + list("аеорсхіοαѕ")
        + list("كيىیکةەھأإآـَُِ۱٤ێڵڕۆ")
        + ["\u0301", "ﷺ", "ß", "İ", "ı"]
    ),
    max_size=60,
)
_any_text = st.one_of(st.text(max_size=60), _tricky)


@given(_any_text)
def test_it_never_raises_and_keeps_the_original(text: str) -> None:
    norm = normalize(text)
    assert norm.original == text
    assert len(norm.starts) == len(norm.ends) == len(norm.text)


@given(_any_text, st.data())
def test_every_span_maps_inside_the_original(text: str, data: st.DataObject) -> None:
    norm = normalize(text)
    i = data.draw(st.integers(0, len(norm.text)))
    j = data.draw(st.integers(i, len(norm.text)))
    a, b = norm.to_original(i, j)
    assert 0 <= a <= b <= len(text)
    if i < j:
        assert a < b


@given(_any_text)
def test_the_map_is_monotonic(text: str) -> None:
    norm = normalize(text)
    assert list(norm.starts) == sorted(norm.starts)
    assert list(norm.ends) == sorted(norm.ends)
    assert all(s < e for s, e in zip(norm.starts, norm.ends, strict=True))


@given(_any_text)
@example("@#A")  # a leading @ read as a letter once made the # inside a word only later
@example("a#$")
@example("A@µ")  # the @ read as "a" joined the Greek mu to a Latin word only then
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once
