"""A lost reader gets a styled page in their language with a way back; browsers get an icon."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import path
from django.utils import translation
from django.views import defaults

from majlis.articles.models import Article
from majlis.urls import urlpatterns as site_urls

NOT_FOUND = {
    "en": "Page not found",
    "ar": "الصفحة غير موجودة",
    "ckb": "پەڕەکە نەدۆزرایەوە",
    "fa": "صفحه پیدا نشد",
    "kmr": "Rûpel nehat dîtin",
    "tr": "Sayfa bulunamadı",
}
WENT_WRONG = {
    "en": "Something went wrong",
    "ar": "حدث خطأ ما",
    "ckb": "هەڵەیەک ڕوویدا",
    "fa": "مشکلی پیش آمد",
    "kmr": "Tiştek xelet çû",
    "tr": "Bir şeyler ters gitti",
}
RTL = {"ar", "ckb", "fa"}


def _broken(request):
    raise RuntimeError("a bug in a view")


# The site's addresses plus one that fails, as a bug would.
urlpatterns = [path("broken/", _broken), *site_urls]


def _is_styled_with_a_way_back(html: str) -> bool:
    return "/static/majlis/site.css" in html and 'href="/"' in html and "error-page" in html


@pytest.fixture
def unraised_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
class TestNotFound:
    @pytest.mark.parametrize("lang", NOT_FOUND)
    def test_it_speaks_the_readers_language_styled_with_a_way_back(self, client, lang):
        response = client.get("/articles/no-such-article/", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 404
        html = response.content.decode()
        assert NOT_FOUND[lang] in html
        assert f'lang="{lang}"' in html
        assert ('dir="rtl"' in html) == (lang in RTL)
        assert _is_styled_with_a_way_back(html)
        if lang != "en":
            assert "Page not found" not in html

    def test_a_missing_page_of_an_article_speaks_the_articles_language(self, client):
        article = Article.objects.create(key="kurdish", title="T", language="ckb", body="...")
        response = client.get(article.get_absolute_url(), {"page": 9}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert NOT_FOUND["ckb"] in response.content.decode()
        assert 'dir="rtl"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("majlis.ops.tests.test_error_pages")
class TestServerError:
    @pytest.mark.parametrize("lang", WENT_WRONG)
    def test_a_failing_view_answers_500_in_the_readers_language(self, unraised_client, lang):
        response = unraised_client.get("/broken/", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 500
        html = response.content.decode()
        assert WENT_WRONG[lang] in html
        assert ('dir="rtl"' in html) == (lang in RTL)
        assert _is_styled_with_a_way_back(html)

    def test_the_page_renders_while_the_database_is_down(self):
        def refuse(execute, sql, params, many, context):
            raise AssertionError(f"the 500 page read the database: {sql}")

        request = RequestFactory().get("/")
        with connection.execute_wrapper(refuse), translation.override("fa"):
            response = defaults.server_error(request)
        assert response.status_code == 500
        assert WENT_WRONG["fa"] in response.content.decode()
        assert _is_styled_with_a_way_back(response.content.decode())


@pytest.mark.django_db
def test_the_favicon_is_served_and_linked(client, article):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    assert "max-age" in response["Cache-Control"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<link rel="icon" href="/static/majlis/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/majlis/favicon.svg").status_code == 200
