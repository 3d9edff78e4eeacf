"""Text no database can store (a lone UTF-16 surrogate, or NUL on PostgreSQL) is a 400 that
names the field, wherever it comes in: a JSON body, a query string or a path."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article, Tag
from majlis.comments.models import Comment, Decision

SURROGATE = "x\ud800"
NUL = "x\x00y"
COMMENT = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Six weeks."}
ARTICLE = {"key": "budget-2027", "title": "Budget", "language": "en"}


@pytest.mark.django_db
class TestAJsonBody:
    @pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
    @pytest.mark.parametrize("field", ["author_name", "author_email", "body"])
    def test_a_comment_field_is_400_naming_it(self, post_json, article, field, bad):
        response = post_json("/api/v1/articles/bridge-repairs/comments", {**COMMENT, field: bad})
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == [field]
        assert Comment.objects.count() == 0

    @pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("key", "{}"),
            ("title", "{}"),
            ("byline", "{}"),
            ("language", "{}"),
            ("url", "https://news.example/{}"),
            ("body", "{}"),
            ("tags", ["{}"]),
        ],
    )
    def test_an_article_field_is_400_naming_it(self, post_json, editor, bearer, field, value, bad):
        filled = [v.format(bad) for v in value] if isinstance(value, list) else value.format(bad)
        response = post_json("/api/v1/articles", {**ARTICLE, field: filled}, **bearer(editor))
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == [field]
        assert Article.objects.count() == Tag.objects.count() == 0

    @pytest.mark.parametrize("bad", [SURROGATE, NUL], ids=["surrogate", "nul"])
    @pytest.mark.parametrize(
        "data",
        [{"verdict": "approve", "note": "{}"}, {"verdict": "reject", "reasons": ["{}"]}],
        ids=["note", "reasons"],
    )
    def test_a_decision_field_is_400_naming_it(
        self, post_json, bearer, moderator, make_comment, data, bad
    ):
        comment = make_comment()
        filled = {
            k: [i.format(bad) for i in v] if isinstance(v, list) else v.format(bad)
            for k, v in data.items()
        }
        response = post_json(
            f"/api/v1/comments/{comment.pk}/decisions", filled, **bearer(moderator)
        )
        assert response.status_code == 400, response.content
        assert set(response.json()["errors"]) == set(data) - {"verdict"}
        assert Decision.objects.count() == 0

    def test_a_paired_surrogate_is_an_ordinary_character(self, client, post_json, article):
        # JSON writes 😀 as "\ud83d\ude00": a whole pair is one character, and welcome.
        token = client.get("/api/v1/articles/bridge-repairs").json()["form_token"]
        response = post_json(
            "/api/v1/articles/bridge-repairs/comments",
            '{"author_name": "Layla", "author_email": "layla@example.org", '
            f'"token": "{token}", "body": "Nice \\ud83d\\ude00"}}',
        )
        assert response.status_code == 202
        assert Comment.objects.get().body == "Nice 😀"


@pytest.mark.django_db
class TestTheUrl:
    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/articles/a%00b",
            "/api/v1/articles/a%00b/comments",
            "/api/v1/articles/bridge-repairs/comments?page=%00",
        ],
    )
    def test_nul_in_a_path_or_query_is_400_on_every_database(self, client, article, url):
        response = client.get(url)
        assert response.status_code == 400
        assert response.json()["errors"]

    def test_nul_in_a_query_is_named(self, client, article):
        response = client.get("/api/v1/articles/bridge-repairs/comments?page=1&lang=e%00n")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["lang"]
