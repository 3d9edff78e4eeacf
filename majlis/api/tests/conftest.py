"""Helpers for the API tests: JSON requests with or without a bearer token."""

from __future__ import annotations

import json
import re

import pytest


@pytest.fixture
def bearer(token_for):
    """Request headers carrying a fresh token of `user`."""

    def headers(user) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}

    return headers


@pytest.fixture
def raw_post_json(client):
    """POST `data` as JSON, exactly as given."""

    def post(url: str, data, **headers):
        body = data if isinstance(data, str) else json.dumps(data)
        return client.post(url, body, content_type="application/json", **headers)

    return post


@pytest.fixture
def post_json(raw_post_json, client):
    """POST as JSON; a comment goes as an anonymous reader's page sends it, with the
    article's fresh form token, unless the data names its own `token`
    (test_comment_forgery.py posts without one)."""

    def post(url: str, data, **headers):
        match = re.fullmatch(r"/api/v1/articles/([^/]+)/comments", url)
        if match and isinstance(data, dict) and "token" not in data:
            article = client.get(f"/api/v1/articles/{match[1]}")
            token = article.json().get("form_token", "") if article.status_code == 200 else ""
            data = {**data, "token": token}
        return raw_post_json(url, data, **headers)

    return post
