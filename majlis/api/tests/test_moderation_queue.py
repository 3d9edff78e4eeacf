"""GET /api/v1/moderation/queue: pending comments, oldest first, with the email."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from majlis.articles.models import Article
from majlis.escalations.actions import escalate


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


@pytest.mark.django_db
class TestTheQueueMatchesTheDesk:
    def test_an_escalated_comment_leaves_the_pending_queue(
        self, client, bearer, moderator, editor, make_comment
    ):
        waiting = make_comment("for the moderators")
        sent_up = make_comment("for an editor")
        escalate(sent_up, actor=moderator, note="Is this legal?")
        data = client.get("/api/v1/moderation/queue", **bearer(moderator)).json()
        assert [c["id"] for c in data["items"]] == [waiting.pk]
        escalated = client.get("/api/v1/moderation/queue?queue=escalated", **bearer(editor))
        assert escalated.status_code == 200
        assert [c["id"] for c in escalated.json()["items"]] == [sent_up.pk]

    def test_only_editors_read_the_escalation_queue(self, client, bearer, moderator):
        response = client.get("/api/v1/moderation/queue?queue=escalated", **bearer(moderator))
        assert response.status_code == 403
        assert "editor" in response.json()["detail"]

    def test_an_unknown_queue_is_a_400_naming_it(self, client, bearer, moderator):
        response = client.get("/api/v1/moderation/queue?queue=later", **bearer(moderator))
        assert response.status_code == 400
        assert "queue" in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        ["cheap WATCHES", "Layla", "layla@example.org", "bridge", "bridge-repairs", "شاي"],
    )
    def test_q_searches_text_name_email_and_article_as_the_desk_does(
        self, client, bearer, moderator, make_comment, query
    ):
        # One comment on the fixture article ("Old bridge to close for repairs")...
        found = make_comment(
            "Cheap watches and شاى here", author_name="Layla", author_email="layla@example.org"
        )
        # ...and one it must not find, on another article, by someone else.
        other = Article.objects.create(key="budget", title="The budget", body="…")
        make_comment("Nothing to see", article=other, author_name="Omar")
        response = client.get("/api/v1/moderation/queue", {"q": query}, **bearer(moderator))
        assert [c["id"] for c in response.json()["items"]] == [found.pk]

    def test_a_long_query_is_a_400_naming_q(self, client, bearer, moderator):
        response = client.get("/api/v1/moderation/queue", {"q": "x" * 201}, **bearer(moderator))
        assert response.status_code == 400
        assert '"q"' in response.content.decode()
