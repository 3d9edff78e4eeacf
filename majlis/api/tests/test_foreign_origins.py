"""A comment posted from a browser page that is neither Majlis's nor one of the article's
site's origins is refused, whatever CORS let through: the Origin is checked on the server."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article
from majlis.comments.models import Comment
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    site = Site.objects.create(key="news", name="The News")
    site.set_origins(["https://news.example"])
    other = Site.objects.create(key="other", name="Other paper")
    other.set_origins(["https://other.example"])
    return site


@pytest.fixture
def story(news):
    return Article.objects.create(site=news, key="bridge", title="Bridge", language="en")


def comment(client):
    token = client.get("/api/v1/articles/bridge?site=news").json()["form_token"]
    return {"author_name": "A", "author_email": "a@example.org", "body": "Hello.", "token": token}


URL = "/api/v1/articles/bridge/comments?site=news"


@pytest.mark.parametrize(
    "origin", ["https://news.example", "http://testserver", None], ids=["site", "own", "none"]
)
def test_the_sites_own_origin_majlis_and_servers_may_post(client, post_json, story, origin):
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    response = post_json(URL, comment(client), **headers)
    assert response.status_code == 202


@pytest.mark.parametrize(
    "origin",
    ["https://other.example", "https://evil.example", "null", "http://news.example"],
)
def test_any_other_origin_is_a_403_naming_it(client, post_json, story, origin):
    response = post_json(URL, comment(client), HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        f"{origin} is not one of the origins of the site The News: its pages cannot show or "
        "post comments here."
    )
    assert not Comment.objects.exists()


def test_the_refusal_speaks_the_articles_language(client, post_json, news):
    Article.objects.create(site=news, key="bridge", title="پرد", language="ckb")
    response = post_json(URL, comment(client), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "ماڵپەڕی" in response.json()["detail"]


def test_the_next_page_of_a_named_sites_thread_keeps_naming_it(
    client, story, make_comment, settings
):
    settings.MAJLIS = {**settings.MAJLIS, "PAGE_SIZE": 1}
    for n in range(2):
        make_comment(f"Thread {n}.", status="approved", article=story)
    first = client.get("/api/v1/articles/bridge/comments?site=news").json()
    assert "site=news" in first["next"]
    second = client.get(first["next"])
    assert second.status_code == 200
    assert second.json()["items"][0]["body"] == "Thread 1."


def test_majlis_behind_a_proxy_that_ends_tls_is_still_its_own_origin(client, post_json, story):
    # The request reads as plain HTTP; the reader's browser was on https.
    response = post_json(URL, comment(client), HTTP_ORIGIN="https://testserver")
    assert response.status_code == 202


def test_site_url_names_majlis_too(client, post_json, story, settings):
    settings.SITE_URL = "https://comments.example"
    response = post_json(URL, comment(client), HTTP_ORIGIN="https://comments.example")
    assert response.status_code == 202
    elsewhere = post_json(URL, comment(client), HTTP_ORIGIN="https://comments.example:8443")
    assert elsewhere.status_code == 403
