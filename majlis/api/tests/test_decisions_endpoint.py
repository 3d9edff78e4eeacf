"""POST /api/v1/comments/{id}/decisions and GET /api/v1/comments/{id}: moderators decide,
every decision is a row in the log."""

from __future__ import annotations

import pytest

from majlis.comments.models import Comment, Decision


def _decide(post_json, bearer, user, comment, **data):
    return post_json(f"/api/v1/comments/{comment.pk}/decisions", data, **bearer(user))


@pytest.mark.django_db
class TestDecidingThroughTheApi:
    def test_an_approval_is_logged_with_its_actor(self, post_json, bearer, moderator, make_comment):
        comment = make_comment()
        response = _decide(post_json, bearer, moderator, comment, verdict="approve", note="fine")
        assert response.status_code == 201
        decision = Decision.objects.get()
        assert (decision.comment_id, decision.verdict, decision.moderator) == (
            comment.pk,
            "approve",
            moderator,
        )
        assert Comment.objects.get(pk=comment.pk).status == "approved"
        data = response.json()
        assert data["id"] == decision.pk
        assert data["actor"] == "mona"
        assert data["automatic"] is False
        assert data["note"] == "fine"

    def test_a_rejection_with_reasons_is_logged(self, post_json, bearer, moderator, make_comment):
        comment = make_comment()
        response = _decide(
            post_json,
            bearer,
            moderator,
            comment,
            verdict="reject",
            reasons=["promotion", "off_topic"],
        )
        assert response.status_code == 201
        assert response.json()["reasons"] == ["promotion", "off_topic"]
        decision = Decision.objects.get()
        assert decision.categories == ["promotion", "off_topic"]
        assert Comment.objects.get(pk=comment.pk).status == "rejected"

    @pytest.mark.parametrize(
        "reasons", [None, [], ["rudeness"], ["profanity", "rudeness"], "profanity", [7]]
    )
    def test_a_rejection_without_a_known_reason_is_400_and_logs_nothing(
        self, post_json, bearer, moderator, make_comment, reasons
    ):
        comment = make_comment()
        data = (
            {"verdict": "reject"} if reasons is None else {"verdict": "reject", "reasons": reasons}
        )
        response = post_json(f"/api/v1/comments/{comment.pk}/decisions", data, **bearer(moderator))
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["reasons"]
        assert Decision.objects.count() == 0
        assert Comment.objects.get(pk=comment.pk).status == "pending"

    @pytest.mark.parametrize(
        "data", [{}, {"verdict": "delete"}, {"verdict": "edit"}, {"verdict": None}]
    )
    def test_an_unknown_verdict_is_400_naming_verdict(
        self, post_json, bearer, moderator, make_comment, data
    ):
        comment = make_comment()
        response = post_json(f"/api/v1/comments/{comment.pk}/decisions", data, **bearer(moderator))
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["verdict"]
        assert Decision.objects.count() == 0

    def test_an_approval_with_reasons_is_400(self, post_json, bearer, moderator, make_comment):
        comment = make_comment()
        response = _decide(
            post_json, bearer, moderator, comment, verdict="approve", reasons=["threat"]
        )
        assert response.status_code == 400
        assert Decision.objects.count() == 0

    def test_overturning_keeps_both_rows(self, post_json, bearer, moderator, make_comment):
        comment = make_comment()
        _decide(post_json, bearer, moderator, comment, verdict="reject", reasons=["threat"])
        response = _decide(post_json, bearer, moderator, comment, verdict="approve")
        assert response.status_code == 201
        assert list(Decision.objects.order_by("pk").values_list("verdict", flat=True)) == [
            "reject",
            "approve",
        ]
        assert Comment.objects.get(pk=comment.pk).status == "approved"

    def test_repeating_a_verdict_logs_nothing_new(self, post_json, bearer, moderator, make_comment):
        comment = make_comment()
        first = _decide(post_json, bearer, moderator, comment, verdict="approve")
        again = _decide(post_json, bearer, moderator, comment, verdict="approve")
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        assert Decision.objects.count() == 1

    def test_an_unknown_comment_is_404(self, post_json, bearer, moderator, article):
        response = post_json(
            "/api/v1/comments/424242/decisions", {"verdict": "approve"}, **bearer(moderator)
        )
        assert response.status_code == 404
        assert Decision.objects.count() == 0


@pytest.mark.django_db
class TestReadingACommentAsAModerator:
    def test_it_shows_status_email_and_decisions_newest_first(
        self, client, post_json, bearer, moderator, make_comment
    ):
        comment = make_comment(author_email="layla@example.org")
        _decide(post_json, bearer, moderator, comment, verdict="reject", reasons=["threat"])
        _decide(post_json, bearer, moderator, comment, verdict="approve")
        data = client.get(f"/api/v1/comments/{comment.pk}", **bearer(moderator)).json()
        assert data["status"] == "approved"
        assert data["author_email"] == "layla@example.org"
        assert data["article_key"] == "bridge-repairs"
        assert [d["verdict"] for d in data["decisions"]] == ["approve", "reject"]
        assert data["decisions"][1]["reasons"] == ["threat"]

    def test_an_unknown_comment_is_404(self, client, bearer, moderator, article):
        assert client.get("/api/v1/comments/424242", **bearer(moderator)).status_code == 404
