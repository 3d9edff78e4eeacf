"""The moderator's API views carry the automatic assessment; public views never do."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.moderation.tasks import run_assessment


@pytest.fixture
def bearer(moderator, token_for):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(moderator)}"}


@pytest.mark.django_db
class TestTheAssessmentInTheApi:
    def test_the_queue_and_the_comment_include_it(self, client, bearer, make_comment):
        body = "You idiot, the bridge was fine."
        comment = make_comment(body)
        run_assessment(comment.pk)
        queue = client.get("/api/v1/moderation/queue", **bearer).json()
        (item,) = queue["items"]
        found = item["assessment"]
        assert found["language"] == "en"
        assert found["scores"]["personal_attack"] > 0.5
        assert found["suggestion"] in {"review", "reject"}
        spans = [body[e["start"] : e["end"]] for e in found["evidence"]]
        assert "idiot" in spans
        detail = client.get(f"/api/v1/comments/{comment.pk}", **bearer).json()
        assert detail["assessment"] == found

    def test_it_is_null_until_the_worker_has_run(self, client, bearer, make_comment):
        comment = make_comment("Where will the buses go?")
        detail = client.get(f"/api/v1/comments/{comment.pk}", **bearer).json()
        assert detail["assessment"] is None

    def test_public_comments_carry_no_assessment(self, client, make_comment, moderator):
        comment = make_comment("Where will the buses go?")
        run_assessment(comment.pk)
        comment.refresh_from_db()
        if comment.is_pending:
            actions.approve(comment, actor=moderator)
        items = client.get(f"/api/v1/articles/{comment.article.key}/comments").json()["items"]
        assert items
        assert "assessment" not in items[0]


@pytest.mark.django_db
class TestTheQueueOrders:
    def _ids(self, client, bearer, order=None):
        query = f"?order={order}" if order else ""
        response = client.get(f"/api/v1/moderation/queue{query}", **bearer)
        return response, [item["id"] for item in response.json().get("items", [])]

    def test_riskiest_first_with_unassessed_last(self, client, bearer, make_comment):
        calm = make_comment("Will the ferry run more often while the bridge is shut?")
        rude = make_comment("You idiot, the bridge was fine, you absolute moron.")
        waiting = make_comment("When does the closure start?")
        run_assessment(calm.pk)
        run_assessment(rude.pk)
        _, ids = self._ids(client, bearer, "risk")
        assert ids == [rude.pk, calm.pk, waiting.pk]
        _, ids = self._ids(client, bearer, "safest")
        assert ids == [calm.pk, rude.pk, waiting.pk]
        _, ids = self._ids(client, bearer)
        assert ids == [calm.pk, rude.pk, waiting.pk]

    def test_an_unknown_order_is_a_400_naming_the_field(self, client, bearer, make_comment):
        make_comment("When does the closure start?")
        response, _ = self._ids(client, bearer, "sideways")
        assert response.status_code == 400
        assert "order" in response.json()["errors"]
