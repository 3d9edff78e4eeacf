"""POST /api/v1/embed/articles: an article the newsroom never sent registers itself from
its page, where the site allows it, on the site's own origins only."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article
from majlis.embed.tests.conftest import NEWS, OTHER

pytestmark = pytest.mark.django_db

URL = "/api/v1/embed/articles"


def page(**fields):
    return {"key": "budget", "title": "The budget", "url": f"{NEWS}/2027/budget", **fields}


def test_it_creates_the_article_from_the_page(post_json, news):
    response = post_json(URL, page(language="ckb"), HTTP_ORIGIN=NEWS)
    assert response.status_code == 201
    article = news.articles.get(key="budget")
    assert (article.title, article.url, article.language) == (
        "The budget",
        f"{NEWS}/2027/budget",
        "ckb",
    )
    data = response.json()
    assert data["article"]["site"] == "news"
    assert data["dir"] == "rtl"
    assert data["form_token"]
    assert data["strings"]["post"] == "ناردنی لێدوان"


def test_without_a_language_the_article_takes_the_sites(post_json, news):
    post_json(URL, page(), HTTP_ORIGIN=NEWS)
    assert news.articles.get(key="budget").language == "ar"


def test_registering_again_changes_nothing_and_answers_200(post_json, news):
    post_json(URL, page(), HTTP_ORIGIN=NEWS)
    again = post_json(URL, page(title="Another title"), HTTP_ORIGIN=NEWS)
    assert again.status_code == 200
    assert again.json()["article"]["title"] == "The budget"
    assert news.articles.filter(key="budget").count() == 1
    assert Article.objects.get(key="budget").title == "The budget"


def test_a_site_without_auto_register_refuses_and_stores_nothing(post_json, news):
    news.auto_register = False
    news.save()
    response = post_json(URL, page(language="en"), HTTP_ORIGIN=NEWS)
    assert response.status_code == 403
    assert response.json()["detail"] == "This site's articles are not registered from their pages."
    assert not Article.objects.filter(key="budget").exists()


def test_an_address_off_the_sites_origins_is_refused_naming_the_url(post_json, news):
    for url in ["https://evil.example/2027/budget", "javascript:alert(1)", "/2027/budget"]:
        response = post_json(URL, page(url=url, language="en"), HTTP_ORIGIN=NEWS)
        assert response.status_code == 400, url
        assert response.json()["errors"]["url"] == [
            "The address must be on one of the site's origins."
        ]
    assert not Article.objects.filter(key="budget").exists()


@pytest.mark.parametrize("origin", ["https://evil.example", OTHER])
def test_a_page_of_another_origin_is_refused(post_json, news, other_site, origin):
    response = post_json(f"{URL}?site=news&language=en", page(language="en"), HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert f"{origin} is not one of the origins of the site The News" in response.json()["detail"]
    assert not Article.objects.filter(key="budget").exists()


def test_an_origin_of_no_site_registers_nothing_in_the_default_site(post_json, news):
    response = post_json(URL, page(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not Article.objects.filter(key="budget").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"key": "not a key"}, "key"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"language": "xx"}, "language"),
        ({"url": ""}, "url"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(post_json, news, fields, field):
    response = post_json(URL, page(**fields), HTTP_ORIGIN=NEWS)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not news.articles.exists()


def test_only_json_is_read(client, news):
    response = client.post(URL, page(), HTTP_ORIGIN=NEWS)
    assert response.status_code == 415


def test_registrations_are_rate_limited_per_client(post_json, news):
    answers = [
        post_json(URL, page(key=f"story-{n}"), HTTP_ORIGIN=NEWS).status_code for n in range(21)
    ]
    assert answers[:20] == [201] * 20
    assert answers[20] == 429
    limited = post_json(URL, page(key="one-more"), HTTP_ORIGIN=NEWS)
    assert int(limited["Retry-After"]) >= 1


def test_an_embargoed_article_is_not_reopened(post_json, news):
    from datetime import timedelta

    from django.utils import timezone

    Article.objects.create(
        site=news,
        key="budget",
        title="Embargoed",
        language="en",
        published_at=timezone.now() + timedelta(days=1),
    )
    response = post_json(URL, page(), HTTP_ORIGIN=NEWS)
    assert response.status_code == 404
    assert news.articles.get(key="budget").title == "Embargoed"
