"""A published comment to report, and a reader's JSON post of a report."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def published(make_comment):
    return make_comment("The bridge was fine, the council is lying.", status="approved")


@pytest.fixture
def post_report(client):
    def post(comment_id: int, data: dict, **headers):
        return client.post(
            f"/api/v1/comments/{comment_id}/reports",
            json.dumps(data),
            content_type="application/json",
            **headers,
        )

    return post


NOTICE = {
    "reason": "illegal",
    "note": "It names a private person and accuses them of a crime they were cleared of.",
    "notifier_name": "Sara Ahmed",
    "notifier_email": "sara@example.org",
    "good_faith": True,
}
