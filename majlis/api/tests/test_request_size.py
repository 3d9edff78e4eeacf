"""A body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 in the API's JSON shape, and
a 413 from the page's form and the desk too, rather than Django's HTML 400."""

from __future__ import annotations

import json

import pytest

from majlis.comments.models import Comment, Decision


@pytest.fixture
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000


@pytest.mark.django_db
@pytest.mark.usefixtures("small_limit")
class TestOversizedBodies:
    def test_the_api_answers_413_in_json(self, post_json, bearer, moderator, make_comment):
        comment = make_comment()
        response = post_json(
            f"/api/v1/comments/{comment.pk}/decisions",
            {"verdict": "approve", "note": "n" * 20_000},
            **bearer(moderator),
        )
        assert response.status_code == 413
        assert "10000 bytes" in response.json()["detail"]
        assert Decision.objects.count() == 0

    def test_a_comment_post_answers_413(self, post_json, article):
        body = {"author_name": "L", "author_email": "l@example.org", "body": "b" * 20_000}
        response = post_json("/api/v1/articles/bridge-repairs/comments", json.dumps(body))
        assert response.status_code == 413
        assert Comment.objects.count() == 0

    def test_the_desk_answers_413(self, client, moderator, make_comment):
        client.force_login(moderator)
        comment = make_comment()
        response = client.post(
            f"/desk/comments/{comment.pk}/decide/",
            {"verdict": "approve", "note": "n" * 20_000},
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 413
        assert "detail" in response.json()
        assert Decision.objects.count() == 0

    def test_the_document_lists_413_on_each_body(self, client):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
        for path in [
            "/api/v1/articles",
            "/api/v1/articles/{key}/comments",
            "/api/v1/comments/{comment_id}/decisions",
        ]:
            assert "413" in paths[path]["post"]["responses"], path
