"""The shared text checks: what cannot be stored, what shows nothing, which dates are safe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from majlis.lib.text import datetime_in_range, is_blank, unstorable_reason, unstorable_strings


class TestUnstorable:
    @pytest.mark.parametrize("text", ["a\x00", "\ud800", "x\udfff", "\udc00\ud800"])
    def test_nul_and_lone_surrogates_are_named(self, text):
        assert unstorable_reason(text)

    @pytest.mark.parametrize("text", ["", "plain", "😀", "\U0010ffff", "\x01\x7f", "می‌خوام"])
    def test_everything_else_is_storable(self, text):
        assert unstorable_reason(text) is None

    def test_nested_values_are_searched_and_blamed_on_their_field(self):
        found = list(unstorable_strings({"ok": ["fine", {"k\x00": "v"}]}, "tags"))
        assert [where for where, _ in found] == ["tags"]


class TestBlank:
    @pytest.mark.parametrize("text", ["", " ", "\u200b", "\u202e\u2066", "\u3164", "\ufe0f\u034f"])
    def test_nothing_visible_is_blank(self, text):
        assert is_blank(text)

    @pytest.mark.parametrize("text", ["a", "\u200ba", "ـ", "😀", "\u0301x", "."])
    def test_anything_visible_is_not(self, text):
        assert not is_blank(text)


class TestDateRange:
    @pytest.mark.parametrize(
        "value",
        [
            datetime(1, 1, 1, tzinfo=UTC),
            datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
            datetime(9999, 12, 31, 12, tzinfo=UTC),
            datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=-5))),
        ],
    )
    def test_the_ends_of_pythons_calendar_are_refused(self, value):
        assert not datetime_in_range(value)

    @pytest.mark.parametrize(
        "value",
        [datetime(1, 1, 2, tzinfo=UTC), datetime(2026, 1, 5), datetime(9999, 12, 30, tzinfo=UTC)],
    )
    def test_the_rest_is_taken(self, value):
        assert datetime_in_range(value)
