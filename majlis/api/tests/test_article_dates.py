"""POST /api/v1/articles refuses a publication date that could not be read back or shown."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article

OUT_OF_RANGE = [
    "0001-01-01T00:00:00+01:00",  # year 0 in UTC
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:00:00-05:00",  # year 10000 in UTC
    "9999-12-31T12:00:00Z",
]
VALID = {"key": "budget-2027", "title": "Budget", "language": "en"}


@pytest.mark.django_db
class TestThroughTheApi:
    @pytest.mark.parametrize("value", OUT_OF_RANGE)
    def test_a_date_at_the_ends_of_the_calendar_is_400_naming_it(
        self, post_json, editor, bearer, value
    ):
        response = post_json("/api/v1/articles", {**VALID, "published_at": value}, **bearer(editor))
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == ["published_at"]
        assert Article.objects.count() == 0

    @pytest.mark.parametrize("value", ["0001-01-02T00:00:00Z", "9999-12-30T00:00:00+00:00"])
    def test_dates_just_inside_are_taken(self, post_json, editor, bearer, value):
        response = post_json("/api/v1/articles", {**VALID, "published_at": value}, **bearer(editor))
        assert response.status_code == 201, response.content

    def test_a_date_without_an_offset_is_utc(self, post_json, editor, bearer):
        response = post_json(
            "/api/v1/articles",
            {**VALID, "published_at": "2026-01-05T09:30:00"},
            **bearer(editor),
        )
        assert response.status_code == 201
        assert Article.objects.get().published_at.isoformat() == "2026-01-05T09:30:00+00:00"
