"""A published comment to report, and a reader's JSON post of a report."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def still_clock(monkeypatch):
    """The rate limiter's clock stands still while a rate test sends: under load, requests
    could straddle the end of a window and find a fresh count."""
    import django_ratelimit.core

    class Clock:
        @staticmethod
        def time() -> float:
            return 1_800_000_000.25

    monkeypatch.setattr(django_ratelimit.core, "time", Clock)


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
