"""Helpers for the API tests: JSON requests with or without a bearer token."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def bearer(token_for):
    """Request headers carrying a fresh token of `user`."""

    def headers(user) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}

    return headers


@pytest.fixture
def post_json(client):
    def post(url: str, data, **headers):
        body = data if isinstance(data, str) else json.dumps(data)
        return client.post(url, body, content_type="application/json", **headers)

    return post
