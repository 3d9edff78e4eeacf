"""What any page may read from the embed's paths: no email address, ever, and a CORS answer
for any origin (each answer checks the origin itself), never with cookies."""

from __future__ import annotations

import pytest

from majlis.embed.tests.conftest import NEWS

pytestmark = pytest.mark.django_db

EMAIL = "secret.reader@example.org"


def test_no_answer_carries_an_email(client, post_json, news, story, make_comment):
    parent = make_comment("Seen.", status="approved", article=story, author_email=EMAIL)
    make_comment("Reply.", status="approved", article=story, parent=parent, author_email=EMAIL)
    make_comment("Waiting.", article=story, author_email=EMAIL)
    answers = [
        client.get("/api/v1/embed/articles/bridge", HTTP_ORIGIN=NEWS),
        client.get("/api/v1/embed/articles/nowhere", HTTP_ORIGIN=NEWS),
        client.get("/api/v1/embed/counts?keys=bridge", HTTP_ORIGIN=NEWS),
        client.get("/api/v1/articles/bridge/comments?site=news", HTTP_ORIGIN=NEWS),
        post_json(
            "/api/v1/embed/articles",
            {"key": "new", "title": "New", "url": f"{NEWS}/new"},
            HTTP_ORIGIN=NEWS,
        ),
    ]
    for response in answers:
        assert response.status_code < 500
        assert EMAIL not in response.content.decode()
        assert "@" not in response.content.decode(), response.request["PATH_INFO"]


@pytest.mark.parametrize("origin", [NEWS, "https://unknown.example"])
def test_any_origin_may_ask_and_read_the_answer(client, news, origin):
    preflight = client.options(
        "/api/v1/embed/articles",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Credentials" not in preflight


def test_the_article_api_still_answers_the_sites_origins_only(client, news, story):
    response = client.get(
        "/api/v1/articles/bridge?site=news", HTTP_ORIGIN="https://unknown.example"
    )
    assert "Access-Control-Allow-Origin" not in response
