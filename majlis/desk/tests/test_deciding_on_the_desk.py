"""Deciding from the desk: a form post (redirect back) or JSON (for the keyboard script)."""

from __future__ import annotations

import pytest

from majlis.comments.models import Comment, Decision

JSON = {"HTTP_ACCEPT": "application/json"}


def _url(comment) -> str:
    return f"/desk/comments/{comment.pk}/decide/"


@pytest.mark.django_db
class TestDecidingWithTheForm:
    def test_approving_logs_a_decision_and_goes_back(self, desk, moderator, make_comment):
        comment = make_comment()
        response = desk.post(_url(comment), {"verdict": "approve", "next": "/desk/?language=en"})
        assert response.status_code == 302
        assert response["Location"] == "/desk/?language=en"
        assert Comment.objects.get(pk=comment.pk).status == "approved"
        assert Decision.objects.get().moderator == moderator

    def test_rejecting_takes_categories_and_a_note(self, desk, make_comment):
        comment = make_comment()
        desk.post(
            _url(comment),
            {"verdict": "reject", "categories": ["threat", "profanity"], "note": "see line 2"},
        )
        decision = Decision.objects.get()
        assert (decision.verdict, decision.categories, decision.note) == (
            "reject",
            ["threat", "profanity"],
            "see line 2",
        )
        assert Comment.objects.get(pk=comment.pk).status == "rejected"

    def test_a_rejection_without_a_category_is_refused_with_a_message(self, desk, make_comment):
        comment = make_comment()
        response = desk.post(_url(comment), {"verdict": "reject"}, follow=True)
        assert "at least one guideline category" in response.content.decode()
        assert Comment.objects.get(pk=comment.pk).status == "pending"
        assert Decision.objects.count() == 0

    def test_next_cannot_send_the_moderator_off_site(self, desk, make_comment):
        response = desk.post(
            _url(make_comment()), {"verdict": "approve", "next": "https://evil.example/"}
        )
        assert response["Location"] == "/desk/"

    def test_an_unknown_comment_is_404(self, desk, article):
        assert desk.post("/desk/comments/999999/decide/", {"verdict": "approve"}).status_code == 404


@pytest.mark.django_db
class TestDecidingWithJson:
    def test_it_answers_the_new_status(self, desk, make_comment):
        comment = make_comment()
        response = desk.post(_url(comment), {"verdict": "approve"}, **JSON)
        assert response.status_code == 200
        assert response.json() == {"id": comment.pk, "status": "approved"}
        assert Decision.objects.count() == 1

    @pytest.mark.parametrize(
        "data",
        [
            {"verdict": "reject"},
            {"verdict": "reject", "categories": ["rude"]},
            {"verdict": "edit"},
            {},
        ],
    )
    def test_a_bad_decision_is_400_with_a_reason(self, desk, make_comment, data):
        comment = make_comment()
        response = desk.post(_url(comment), data, **JSON)
        assert response.status_code == 400
        assert response.json()["detail"]
        assert Comment.objects.get(pk=comment.pk).status == "pending"
        assert Decision.objects.count() == 0
