"""The public form resists forgery and bots: a signed, timed token and a honeypot."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import signing

from majlis.articles.models import Article
from majlis.comments.forms import _SALT
from majlis.comments.models import Comment

URL = "/articles/bridge-repairs/comments/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.mark.django_db
class TestTheHoneypot:
    def test_a_filled_honeypot_is_400_and_stores_nothing(self, client, form_data):
        response = client.post(URL, form_data(website="http://spam.example"), **JSON)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["website"]
        assert Comment.objects.count() == 0

    def test_the_honeypot_is_on_the_page_but_hidden_from_people(self, client, article):
        page = client.get("/articles/bridge-repairs/").content.decode()
        assert 'name="website"' in page
        assert '<div class="hp" aria-hidden="true">' in page


@pytest.mark.django_db
class TestTheSignedToken:
    def _refused(self, client, data) -> None:
        response = client.post(URL, data, **JSON)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["token"]
        assert Comment.objects.count() == 0
        # Without JavaScript the reader sees why.
        page = client.post(URL, data)
        assert page.status_code == 400
        assert Comment.objects.count() == 0

    def test_a_missing_token_is_refused(self, client, form_data):
        data = form_data()
        del data["token"]
        self._refused(client, data)

    def test_a_forged_token_is_refused(self, client, form_data):
        self._refused(
            client, form_data(token=signing.dumps({"article": 1}, key="guessed", salt=_SALT))
        )

    def test_a_garbled_token_is_refused(self, client, form_data):
        self._refused(client, form_data(token="not-a-token"))

    def test_a_token_for_another_article_is_refused(self, client, form_data):
        other = Article.objects.create(key="elections", title="Elections", language="en")
        self._refused(client, form_data(token_article=other.pk))

    def test_an_expired_token_is_refused_with_a_reload_hint(self, client, article, form_data):
        three_hours_ago = time.time() - 3 * 60 * 60
        with mock.patch("time.time", return_value=three_hours_ago):
            old = signing.dumps({"article": article.pk}, salt=_SALT)
        response = client.post(URL, form_data(token=old), **JSON)
        assert response.status_code == 400
        assert "reload" in response.json()["errors"]["token"][0].lower()
        assert Comment.objects.count() == 0

    def test_the_page_serves_a_token_that_works(self, client, article):
        page = client.get("/articles/bridge-repairs/").content.decode()
        token = page.split('name="token" value="')[1].split('"')[0]
        response = client.post(
            URL,
            {"author_name": "A", "author_email": "a@example.org", "body": "Hello", "token": token},
            **JSON,
        )
        assert response.status_code == 202


@pytest.mark.django_db
class TestTheOrigin:
    """The page's form is posted from Majlis's own page or one of the site's pages; a
    browser on any other origin is refused, as the embed and the API refuse it."""

    def test_a_post_from_majlis_own_page_is_taken(self, client, form_data):
        response = client.post(URL, form_data(), HTTP_ORIGIN="http://testserver", **JSON)
        assert response.status_code == 202

    def test_a_post_from_one_of_the_sites_pages_is_taken(self, client, form_data, article):
        article.site.set_origins(["https://news.example"])
        response = client.post(URL, form_data(), HTTP_ORIGIN="https://news.example", **JSON)
        assert response.status_code == 202

    def test_a_post_without_an_origin_is_taken(self, client, form_data):
        # Not a browser on another page: a browser that sends none, or a script.
        assert client.post(URL, form_data(), **JSON).status_code == 202

    def test_a_foreign_page_is_refused_with_its_origin_named(self, client, form_data):
        response = client.post(URL, form_data(), HTTP_ORIGIN="https://evil.example", **JSON)
        assert response.status_code == 403
        assert "https://evil.example" in response.json()["detail"]
        assert Comment.objects.count() == 0

    def test_without_javascript_the_refusal_is_a_page_that_says_why(self, client, form_data):
        response = client.post(URL, form_data(), HTTP_ORIGIN="https://evil.example")
        assert response.status_code == 403
        assert "https://evil.example" in response.content.decode()
        assert Comment.objects.count() == 0

    def test_the_refusal_speaks_the_articles_language(self, client, form_data, article):
        Article.objects.filter(pk=article.pk).update(language="tr")
        response = client.post(URL, form_data(), HTTP_ORIGIN="null", **JSON)
        assert response.status_code == 403
        assert "null" in response.json()["detail"]
        assert "sitesinin" in response.json()["detail"]
