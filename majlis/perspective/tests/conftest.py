from __future__ import annotations

import json

import pytest

from majlis.perspective.models import ApiKey

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
