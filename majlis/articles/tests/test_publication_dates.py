"""A publication date must read back and show in every time zone: dates at the very ends of
the calendar are refused by the API and the admin, and a row that holds one anyway (stored
before this check, or by hand) does not take the pages down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from majlis.articles.models import Article, Tag
from majlis.sites.models import Site


@pytest.mark.django_db
class TestInTheAdmin:
    def test_the_article_form_refuses_a_date_at_the_end_of_the_calendar(
        self, client, editor, settings
    ):
        settings.TIME_ZONE = "Asia/Tehran"  # +03:30: 0001-01-01 00:00 there is year 0 in UTC
        client.force_login(editor)
        response = client.post(
            "/admin/articles/article/add/",
            {
                "site": Site.default().pk,
                "key": "ancient",
                "title": "Ancient",
                "language": "en",
                "published_at_0": "0001-01-01",
                "published_at_1": "00:00:00",
                "comments_open": "on",
            },
        )
        assert response.status_code == 200  # the form again, with its error
        assert response.context["adminform"].form.errors.keys() == {"published_at"}
        assert Article.objects.count() == 0


def _store_raw_date(article: Article) -> None:
    """Put a date before year 1 in UTC straight into the row, as PostgreSQL allows."""
    value = (
        "0001-12-31 23:00:00+00 BC" if connection.vendor == "postgresql" else "0000-12-31 23:00:00"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET published_at = %s WHERE id = %s", [value, article.pk]
        )


@pytest.mark.django_db
class TestPagesWithABadRow:
    def test_the_front_tag_and_article_pages_still_answer(self, client):
        tag = Tag.objects.create(name="Budget")
        good = Article.objects.create(
            key="good",
            title="Good one",
            language="en",
            published_at=timezone.now() - timedelta(days=1),
        )
        bad = Article.objects.create(key="bad", title="Bad one", language="en")
        good.tags.add(tag)
        bad.tags.add(tag)
        _store_raw_date(bad)
        front = client.get("/")
        assert front.status_code == 200
        assert "Good one" in front.content.decode()
        assert client.get(f"/tags/{tag.slug}/").status_code == 200
        assert client.get("/articles/good/").status_code == 200
        assert client.get("/articles/bad/").status_code == 404
        assert client.get("/api/v1/articles/bad").status_code == 404


@pytest.mark.django_db
class TestTheMigrationThatMendsOldRows:
    def test_it_brings_a_bad_date_to_the_nearest_end(self):
        from importlib import import_module

        from django.apps import apps

        from majlis.lib.text import EARLIEST

        bad = Article.objects.create(key="bad", title="Bad one", language="en")
        fine = Article.objects.create(key="fine", title="Fine", language="en")
        _store_raw_date(bad)
        import_module("majlis.articles.migrations.0002_clamp_publication_dates").clamp(apps, None)
        assert Article.objects.get(key="bad").published_at == EARLIEST
        assert Article.objects.get(key="fine").published_at == fine.published_at
        assert Article.objects.published().filter(key="bad").exists()
