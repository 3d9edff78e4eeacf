"""PUT, PATCH and DELETE on a comment are 405 for everyone: comments are never edited."""

from __future__ import annotations

import pytest

from majlis.comments.models import Comment


@pytest.mark.django_db
class TestNoEditingThroughTheApi:
    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    @pytest.mark.parametrize("who", [None, "outsider", "moderator", "admin_user"])
    def test_it_answers_405_and_leaves_the_comment_alone(
        self, request, client, make_comment, bearer, method, who
    ):
        comment = make_comment("Exactly what I wrote", status="approved")
        headers = bearer(request.getfixturevalue(who)) if who else {}
        response = getattr(client, method)(
            f"/api/v1/comments/{comment.pk}",
            {"body": "Something else", "author_name": "Someone else"},
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 405
        assert "never edited" in response.json()["detail"]
        stored = Comment.objects.get(pk=comment.pk)
        assert (stored.body, stored.author_name, stored.status) == (
            "Exactly what I wrote",
            "Reader",
            "approved",
        )
