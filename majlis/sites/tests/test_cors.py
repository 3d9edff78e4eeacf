"""CORS is answered for the sites' origins only, and only on the public article API."""

from __future__ import annotations

import pytest

from majlis.sites.models import Site

pytestmark = pytest.mark.django_db

ALLOWED = "https://news.example"


@pytest.fixture(autouse=True)
def site():
    site = Site.objects.create(key="news", name="News")
    site.set_origins([ALLOWED])
    return site


def test_an_allowed_origin_may_read(client, article):
    response = client.get(f"/api/v1/articles/{article.key}", HTTP_ORIGIN=ALLOWED)
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    # Never with the reader's cookies.
    assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_for_posting_json_is_answered_for_an_allowed_origin(client, article):
    response = client.options(
        f"/api/v1/articles/{article.key}/comments",
        HTTP_ORIGIN=ALLOWED,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, idempotency-key",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ALLOWED
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "idempotency-key" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://news.example", "https://news.example.evil"]
)
def test_other_origins_get_no_cors_answer(client, article, origin):
    response = client.get(f"/api/v1/articles/{article.key}", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in response


def test_the_moderators_api_is_never_cross_origin(client):
    response = client.get("/api/v1/moderation/queue", HTTP_ORIGIN=ALLOWED)
    assert "Access-Control-Allow-Origin" not in response


def test_an_origin_removed_from_the_site_loses_access_at_once(client, article, site):
    site.set_origins([])
    response = client.get(f"/api/v1/articles/{article.key}", HTTP_ORIGIN=ALLOWED)
    assert "Access-Control-Allow-Origin" not in response
