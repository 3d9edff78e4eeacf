"""A decision's note has a limit, said in the document and enforced."""

from __future__ import annotations

import pytest

from majlis.comments.actions import NOTE_MAX_LENGTH
from majlis.comments.models import Decision


@pytest.mark.django_db
class TestTheNoteThroughTheApi:
    @pytest.mark.parametrize("size", [NOTE_MAX_LENGTH + 1, 2_000_000])
    def test_a_note_over_the_limit_is_400_naming_note(
        self, post_json, bearer, moderator, make_comment, size
    ):
        comment = make_comment()
        response = post_json(
            f"/api/v1/comments/{comment.pk}/decisions",
            {"verdict": "approve", "note": "n" * size},
            **bearer(moderator),
        )
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["note"]
        assert Decision.objects.count() == 0

    def test_the_document_states_the_limit(self, client):
        schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        assert schema["DecisionIn"]["properties"]["note"]["maxLength"] == NOTE_MAX_LENGTH
