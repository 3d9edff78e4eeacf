"""`GET /healthz`: 200 with the database reachable and the assessment backlog, 503 without."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from majlis.comments.models import Comment
from majlis.moderation.models import CommentAssessment


def _waiting_since(article, minutes: int) -> Comment:
    # created_at is fixed at insert (a trigger refuses changing it), so give it then.
    return Comment.objects.create(
        article=article,
        author_name="Reader",
        author_email="reader@example.org",
        body="Still waiting for the machine.",
        created_at=timezone.now() - timedelta(minutes=minutes),
    )


@pytest.mark.django_db
class TestHealthz:
    def test_it_answers_ok_with_an_empty_backlog(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {
            "status": "ok",
            "database": "ok",
            "backlog": {"pending_unassessed": 0, "oldest_age_seconds": 0},
        }
        assert "no-store" in response["Cache-Control"]

    def test_it_counts_pending_comments_without_an_assessment_and_the_oldest_age(
        self, client, article, make_comment
    ):
        _waiting_since(article, minutes=10)
        _waiting_since(article, minutes=2)
        assessed = _waiting_since(article, minutes=30)
        CommentAssessment.objects.create(comment=assessed, suggestion="review")
        make_comment("Decided by a person.", status="approved")

        backlog = client.get("/healthz").json()["backlog"]
        assert backlog["pending_unassessed"] == 2
        assert 600 <= backlog["oldest_age_seconds"] < 660

    def test_it_names_no_email_or_comment_text(self, client, make_comment):
        make_comment("Secret-looking text", author_email="someone@example.org")
        body = client.get("/healthz").content.decode()
        assert "someone@example.org" not in body
        assert "Secret-looking" not in body

    def test_it_answers_503_when_the_database_cannot_be_reached(self, client):
        def refuse(execute, sql, params, many, context):
            raise OperationalError("connection refused")

        with connection.execute_wrapper(refuse):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
        assert response.json()["database"] == "unreachable"
        assert response["Retry-After"] == "30"
