"""GET /api/v1/comments/{id} lists the comment's reports for moderators, a notice of
illegal content with its sender (for the moderators to answer them)."""

from __future__ import annotations

import pytest

from majlis.comments import actions

pytestmark = pytest.mark.django_db


class TestModeratorsApi:
    def test_the_comment_lists_its_reports_with_the_notifier(
        self, client, bearer, moderator, make_comment
    ):
        comment = make_comment(status="approved")
        actions.report(
            comment,
            reason="illegal",
            reporter="n",
            note="Fraud claim.",
            notifier_name="Sara",
            notifier_email="sara@example.org",
            good_faith=True,
        )
        actions.dismiss_reports(comment, actor=moderator, note="Not illegal.")
        data = client.get(f"/api/v1/comments/{comment.pk}", **bearer(moderator)).json()
        [listed] = data["reports"]
        assert listed["reason"] == "illegal"
        assert listed["notifier_email"] == "sara@example.org"
        assert (listed["resolution"], listed["resolved_by"]) == ("dismissed", moderator.username)
