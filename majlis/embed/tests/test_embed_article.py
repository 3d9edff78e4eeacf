"""GET /api/v1/embed/articles/{key}: what the embed draws first, for the page's own site."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article
from majlis.comments.forms import CommentForm
from majlis.comments.models import Guideline
from majlis.embed.tests.conftest import NEWS, OTHER

pytestmark = pytest.mark.django_db


def test_it_answers_the_article_its_count_a_form_token_and_the_words(client, story, make_comment):
    make_comment("Seen.", status="approved", article=story)
    make_comment("Waiting.", article=story)
    response = client.get("/api/v1/embed/articles/bridge", HTTP_ORIGIN=NEWS)
    assert response.status_code == 200
    data = response.json()
    assert data["article"] == {
        "key": "bridge",
        "site": "news",
        "title": "The bridge",
        "language": "en",
        "url": "",
        "comments_open": True,
        "comment_count": 1,
    }
    assert data["dir"] == "ltr"
    assert data["strings"]["heading"] == "1 comment"
    assert data["strings"]["post"] == "Post comment"
    # The token posts a comment on this very article.
    form = CommentForm({"token": data["form_token"]}, article=story)
    form.is_valid()
    assert "token" not in form.errors


def test_the_words_and_direction_are_the_articles_language(client, news, settings):
    Article.objects.create(site=news, key="pird", title="پرد", language="ckb")
    Guideline.objects.create(language="ckb", text="ڕێز لە یەکتر بگرن.\n\nبێ جنێو.")
    data = client.get("/api/v1/embed/articles/pird", HTTP_ORIGIN=NEWS).json()
    assert data["dir"] == "rtl"
    assert data["strings"]["post"] == "ناردنی لێدوان"
    assert data["strings"]["reply"] != "Reply"
    assert data["guidelines"] == "ڕێز لە یەکتر بگرن.\n\nبێ جنێو."
    assert "%(name)s" in data["strings"]["commenting_as"]
    # Not the reader's browser: the Accept-Language is not heeded.
    again = client.get(
        "/api/v1/embed/articles/pird", HTTP_ORIGIN=NEWS, HTTP_ACCEPT_LANGUAGE="tr"
    ).json()
    assert again["strings"] == data["strings"]


def test_every_string_is_translated_in_every_language(client, news, settings):
    english = None
    for code, _name in settings.LANGUAGES:
        Article.objects.create(site=news, key=f"a-{code}", title="T", language=code)
        strings = client.get(f"/api/v1/embed/articles/a-{code}", HTTP_ORIGIN=NEWS).json()["strings"]
        if code == "en":
            english = strings
            continue
        same = [k for k, v in strings.items() if v == english[k]]
        assert same == [], code
        assert "%(name)s" in strings["commenting_as"], code


def test_the_site_is_told_by_the_origin_or_named(client, story, other_site):
    Article.objects.create(site=other_site, key="bridge", title="Their bridge", language="en")
    by_origin = client.get("/api/v1/embed/articles/bridge", HTTP_ORIGIN=OTHER).json()
    assert by_origin["article"]["title"] == "Their bridge"
    named = client.get("/api/v1/embed/articles/bridge?site=news").json()
    assert named["article"]["title"] == "The bridge"


def test_an_unknown_article_is_a_404_saying_whether_it_registers_itself(client, news):
    response = client.get("/api/v1/embed/articles/nowhere", HTTP_ORIGIN=NEWS)
    assert response.status_code == 404
    assert response.json()["registers"] is True
    news.auto_register = False
    news.save()
    refused = client.get("/api/v1/embed/articles/nowhere?language=tr", HTTP_ORIGIN=NEWS)
    assert refused.status_code == 404
    assert refused.json()["registers"] is False
    assert "nowhere" in refused.json()["detail"]
    assert refused["Content-Language"] == "tr"


def test_the_404_speaks_the_sites_language_unless_told(client, news):
    news.auto_register = False
    news.save()
    detail = client.get("/api/v1/embed/articles/nowhere", HTTP_ORIGIN=NEWS).json()["detail"]
    english = client.get("/api/v1/embed/articles/nowhere?language=en", HTTP_ORIGIN=NEWS)
    assert detail != english.json()["detail"]
    assert "nowhere" in detail


def test_an_unpublished_article_is_not_shown(client, news):
    from datetime import timedelta

    from django.utils import timezone

    Article.objects.create(
        site=news,
        key="later",
        title="Embargoed",
        language="en",
        published_at=timezone.now() + timedelta(days=1),
    )
    assert client.get("/api/v1/embed/articles/later", HTTP_ORIGIN=NEWS).status_code == 404


def test_a_site_key_that_names_no_site_is_a_404(client, story):
    response = client.get("/api/v1/embed/articles/bridge?site=nowhere")
    assert response.status_code == 404
    assert response.json()["detail"] == "No site has this key."


@pytest.mark.parametrize("origin", ["https://evil.example", OTHER, "null"])
def test_a_page_not_of_the_sites_origins_is_refused_with_a_message_it_can_read(
    client, story, other_site, origin
):
    url = "/api/v1/embed/articles/bridge?site=news&language=en"
    response = client.get(url, HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert response.json()["detail"].startswith(f"{origin} is not one of the origins")
    assert "The News" in response.json()["detail"]
    # The browser lets the embed read the refusal, so the reader is told why.
    assert response["Access-Control-Allow-Origin"] == origin
    assert "form_token" not in response.json()
    # Without a language, in the site's (Arabic here).
    arabic = client.get("/api/v1/embed/articles/bridge?site=news", HTTP_ORIGIN=origin)
    assert "ليس من أصول الموقع" in arabic.json()["detail"]


def test_majlis_own_pages_and_servers_may_ask(client, story, settings):
    assert client.get("/api/v1/embed/articles/bridge?site=news").status_code == 200
    own = client.get("/api/v1/embed/articles/bridge?site=news", HTTP_ORIGIN="http://testserver")
    assert own.status_code == 200
    settings.SITE_URL = "https://comments.example/"
    configured = client.get(
        "/api/v1/embed/articles/bridge?site=news", HTTP_ORIGIN="https://comments.example"
    )
    assert configured.status_code == 200


def test_it_is_cached_and_revalidated(client, story, make_comment):
    first = client.get("/api/v1/embed/articles/bridge", HTTP_ORIGIN=NEWS)
    assert "public" in first["Cache-Control"]
    assert "origin" in first["Vary"].lower()
    again = client.get("/api/v1/embed/articles/bridge", HTTP_ORIGIN=NEWS)
    assert again.json()["form_token"] == first.json()["form_token"]
    unchanged = client.get(
        "/api/v1/embed/articles/bridge", HTTP_ORIGIN=NEWS, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert unchanged.status_code == 304
    make_comment("Now published.", status="approved", article=story)
    changed = client.get("/api/v1/embed/articles/bridge", HTTP_ORIGIN=NEWS)
    assert changed.json()["article"]["comment_count"] == 1
