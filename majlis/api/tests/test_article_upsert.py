"""POST /api/v1/articles: editors create or update an article by its key."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article, Tag

URL = "/api/v1/articles"
VALID = {
    "key": "budget-2027",
    "title": "Council passes the 2027 budget",
    "byline": "City desk",
    "language": "tr",
    "url": "https://news.example/budget-2027",
    "body": "The council passed the budget.",
    "tags": ["City council", "Budget"],
    "published_at": "2026-01-05T09:30:00Z",
    "comments_open": True,
}


@pytest.mark.django_db
class TestCreatingAndUpdatingArticles:
    def test_an_editor_creates_an_article(self, post_json, editor, bearer):
        response = post_json(URL, VALID, **bearer(editor))
        assert response.status_code == 201
        article = Article.objects.get(key="budget-2027")
        assert (article.title, article.language, article.url) == (
            VALID["title"],
            "tr",
            VALID["url"],
        )
        assert sorted(t.name for t in article.tags.all()) == ["Budget", "City council"]
        data = response.json()
        assert data["key"] == "budget-2027"
        assert data["comment_count"] == 0
        assert data["published_at"].startswith("2026-01-05T09:30:00")
        assert sorted(data["tags"]) == ["Budget", "City council"]

    def test_the_same_key_updates_the_article_and_answers_200(self, post_json, editor, bearer):
        post_json(URL, VALID, **bearer(editor))
        response = post_json(
            URL,
            {**VALID, "title": "Budget passes", "tags": ["Budget"], "comments_open": False},
            **bearer(editor),
        )
        assert response.status_code == 200
        article = Article.objects.get()
        assert article.title == "Budget passes"
        assert not article.comments_open
        assert [t.name for t in article.tags.all()] == ["Budget"]
        assert response.json()["title"] == "Budget passes"

    def test_an_admin_may_too(self, post_json, admin_user, bearer):
        assert post_json(URL, VALID, **bearer(admin_user)).status_code == 201

    def test_without_a_date_it_is_published_now(self, post_json, editor, bearer):
        data = {k: v for k, v in VALID.items() if k != "published_at"}
        assert post_json(URL, data, **bearer(editor)).status_code == 201
        assert Article.objects.published().filter(key="budget-2027").exists()


BAD_FIELDS = [
    ("key", None),
    ("key", ""),
    ("key", "has spaces"),
    ("key", "k" * 201),
    ("key", 7),
    ("title", None),
    ("title", ""),
    ("title", "   "),
    ("title", "t" * 301),
    ("title", ["t"]),
    ("title", "nul\x00byte"),
    ("title", "\u200b\u202e\u2060"),
    ("byline", "b" * 201),
    ("byline", 3),
    ("byline", "nul\x00byte"),
    ("language", None),
    ("language", ""),
    ("language", "xx"),
    ("language", 1),
    ("url", "not a url"),
    ("url", "javascript:alert(1)"),
    ("url", 5),
    ("body", {"html": "<p>"}),
    ("body", "nul\x00byte"),
    ("tags", "City council"),
    ("tags", [1, 2]),
    ("tags", ["t" * 65]),
    ("tags", ["nul\x00"]),
    ("published_at", "yesterday"),
    ("published_at", "2026-13-45T00:00:00Z"),
    ("comments_open", "maybe"),
]


@pytest.mark.django_db
class TestBadArticleInput:
    @pytest.mark.parametrize(
        ("field", "value"), BAD_FIELDS, ids=[f"{f}-{v!r}"[:40] for f, v in BAD_FIELDS]
    )
    def test_it_rejects_a_bad_field_naming_it_and_stores_nothing(
        self, post_json, editor, bearer, field, value
    ):
        data = {k: v for k, v in VALID.items() if k != field}
        if value is not None:
            data[field] = value
        response = post_json(URL, data, **bearer(editor))
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == [field]
        assert field in response.json()["detail"]
        assert Article.objects.count() == 0
        assert Tag.objects.count() == 0

    def test_a_bad_update_leaves_the_article_as_it_was(self, post_json, editor, bearer):
        post_json(URL, VALID, **bearer(editor))
        response = post_json(
            URL, {**VALID, "title": "New", "tags": ["Budget", "x" * 65]}, **bearer(editor)
        )
        assert response.status_code == 400
        article = Article.objects.get()
        assert article.title == VALID["title"]
        assert sorted(t.name for t in article.tags.all()) == ["Budget", "City council"]

    def test_it_rejects_malformed_json(self, post_json, editor, bearer):
        response = post_json(URL, '{"key": ', **bearer(editor))
        assert response.status_code == 400
        assert Article.objects.count() == 0
