"""The JSON endpoints take JSON only: any other content type is 415, and nothing is stored."""

from __future__ import annotations

import json

import pytest

from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision

COMMENT = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Six weeks."}
ARTICLE = {"key": "budget-2027", "title": "Budget", "language": "en"}


def _send(client, url, data, content_type, **headers):
    if content_type is None:
        # What a bare HTTP client sends: a body and no Content-Type header at all.
        return client.generic("POST", url, json.dumps(data).encode(), **headers)
    if content_type == "multipart/form-data":
        return client.post(url, data, **headers)
    if content_type == "application/x-www-form-urlencoded":
        from urllib.parse import urlencode

        return client.post(url, urlencode(data), content_type=content_type, **headers)
    return client.post(url, json.dumps(data), content_type=content_type, **headers)


OTHER_TYPES = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/jsonx",
    None,
]


@pytest.mark.django_db
class TestContentType:
    @pytest.mark.parametrize("content_type", OTHER_TYPES)
    def test_posting_a_comment_needs_json(self, client, article, content_type):
        response = _send(client, "/api/v1/articles/bridge-repairs/comments", COMMENT, content_type)
        assert response.status_code == 415, response.content
        assert "application/json" in response.json()["detail"]
        assert Comment.objects.count() == 0

    @pytest.mark.parametrize("content_type", OTHER_TYPES)
    def test_putting_an_article_needs_json(self, client, editor, bearer, content_type):
        response = _send(client, "/api/v1/articles", ARTICLE, content_type, **bearer(editor))
        assert response.status_code == 415, response.content
        assert Article.objects.count() == 0

    @pytest.mark.parametrize("content_type", OTHER_TYPES)
    def test_deciding_needs_json(self, client, bearer, moderator, make_comment, content_type):
        comment = make_comment()
        response = _send(
            client,
            f"/api/v1/comments/{comment.pk}/decisions",
            {"verdict": "approve"},
            content_type,
            **bearer(moderator),
        )
        assert response.status_code == 415, response.content
        assert Decision.objects.count() == 0

    @pytest.mark.parametrize(
        "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
    )
    def test_json_with_or_without_a_charset_is_taken(self, client, article, content_type):
        token = client.get("/api/v1/articles/bridge-repairs").json()["form_token"]
        response = _send(
            client,
            "/api/v1/articles/bridge-repairs/comments",
            {**COMMENT, "token": token},
            content_type,
        )
        assert response.status_code == 202
