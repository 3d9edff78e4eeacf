from __future__ import annotations

import json

import pytest

from majlis.perspective.models import ApiKey
from majlis.perspective.tests.coral import CORAL, coral_bytes, signature

ANALYZE = "/v1alpha1/comments:analyze"
SUGGEST = "/v1alpha1/comments:suggestscore"


@pytest.fixture
def key(db) -> str:
    # A generous quota: most tests send several requests within one second.
    return ApiKey.objects.issue("coral", qps=100)[1]


@pytest.fixture
def post(client, key):
    def send(body, path=ANALYZE, api_key=None, **extra):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(
            f"{path}?key={key if api_key is None else api_key}",
            data=data,
            content_type="application/json",
            **extra,
        )

    return send


@pytest.fixture
def coral(client, key):
    """Send a request to the moderation phase as Coral would: its JSON, signed with
    `secret` when given (or with the `signed` header as it stands)."""

    def send(body, api_key=None, secret=None, signed=None):
        raw = body if isinstance(body, bytes) else coral_bytes(body)
        headers = {}
        if secret is not None:
            headers["X-Coral-Signature"] = signature(raw, secret)
        if signed is not None:
            headers["X-Coral-Signature"] = signed
        return client.post(
            f"{CORAL}?key={key if api_key is None else api_key}",
            data=raw,
            content_type="application/json",
            headers=headers,
        )

    return send
