"""The public comment API resists forgery and bots as the page's form does: an anonymous
caller posts with the form token the article hands out, and never fills the honeypot; a
caller with an API token (a server of the newsroom) needs neither."""

from __future__ import annotations

import time
from unittest import mock

import pytest

from majlis.articles.models import Article
from majlis.comments.models import Comment

ARTICLE = "/api/v1/articles/bridge-repairs"
URL = f"{ARTICLE}/comments"
VALID = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Six weeks is long."}


@pytest.mark.django_db
class TestAnonymousCallers:
    def test_the_article_hands_out_a_form_token_that_works(self, client, raw_post_json, article):
        token = client.get(ARTICLE).json()["form_token"]
        response = raw_post_json(URL, {**VALID, "token": token})
        assert response.status_code == 202
        assert Comment.objects.count() == 1

    def test_without_a_token_nothing_is_stored(self, raw_post_json, article):
        response = raw_post_json(URL, VALID)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["token"]
        assert "form_token" in response.json()["errors"]["token"][0]
        assert Comment.objects.count() == 0

    def test_a_forged_token_is_refused(self, raw_post_json, article):
        response = raw_post_json(URL, {**VALID, "token": "eyJhcnRpY2xlIjoxfQ:forged:sig"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["token"]
        assert Comment.objects.count() == 0

    def test_another_articles_token_is_refused(self, client, raw_post_json, article):
        Article.objects.create(key="elections", title="Elections", language="en")
        token = client.get("/api/v1/articles/elections").json()["form_token"]
        response = raw_post_json(URL, {**VALID, "token": token})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["token"]

    def test_an_old_token_is_refused(self, client, raw_post_json, article):
        with mock.patch("time.time", return_value=time.time() - 3 * 60 * 60):
            token = client.get(ARTICLE).json()["form_token"]
        response = raw_post_json(URL, {**VALID, "token": token})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["token"]

    def test_a_filled_honeypot_is_refused(self, client, raw_post_json, article):
        token = client.get(ARTICLE).json()["form_token"]
        response = raw_post_json(URL, {**VALID, "token": token, "website": "http://spam.example"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["website"]
        assert Comment.objects.count() == 0


@pytest.mark.django_db
class TestCallersWithAnApiToken:
    @pytest.mark.parametrize("role", ["moderator", "editor", "outsider"])
    def test_any_valid_api_token_posts_without_a_form_token(
        self, request, raw_post_json, bearer, article, role
    ):
        response = raw_post_json(URL, VALID, **bearer(request.getfixturevalue(role)))
        assert response.status_code == 202
        assert Comment.objects.count() == 1

    def test_a_bad_api_token_is_401_not_anonymous(self, raw_post_json, article):
        response = raw_post_json(URL, VALID, HTTP_AUTHORIZATION="Bearer mj_not-a-real-token")
        assert response.status_code == 401
        assert Comment.objects.count() == 0

    def test_the_honeypot_still_holds_with_a_token(self, raw_post_json, bearer, moderator, article):
        response = raw_post_json(URL, {**VALID, "website": "x"}, **bearer(moderator))
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["website"]
