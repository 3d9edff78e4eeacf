"""GET /api/v1/moderation/queue: pending comments, oldest first, with the email."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings


@pytest.mark.django_db
class TestTheQueueThroughTheApi:
    def test_it_lists_pending_comments_oldest_first_with_emails(
        self, client, bearer, moderator, make_comment
    ):
        older = make_comment("older", author_email="a@example.org")
        make_comment("published", status="approved")
        make_comment("refused", status="rejected")
        newer = make_comment("newer", author_email="b@example.org")
        data = client.get("/api/v1/moderation/queue", **bearer(moderator)).json()
        assert data["count"] == 2
        assert [(c["id"], c["author_email"], c["status"]) for c in data["items"]] == [
            (older.pk, "a@example.org", "pending"),
            (newer.pk, "b@example.org", "pending"),
        ]

    @override_settings(MAJLIS={**settings.MAJLIS, "PAGE_SIZE": 2})
    def test_it_pages_like_the_public_list(self, client, bearer, moderator, make_comment):
        for n in range(3):
            make_comment(f"pending {n}")
        headers = bearer(moderator)
        first = client.get("/api/v1/moderation/queue", **headers).json()
        assert first["count"] == 3
        assert len(first["items"]) == 2
        second = client.get(first["next"], **headers).json()
        assert [c["body"] for c in second["items"]] == ["pending 2"]
        assert second["next"] is None
