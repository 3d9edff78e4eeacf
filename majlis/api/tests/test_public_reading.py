"""GET /api/v1/articles/{key} and its comments: public, approved only, never an email."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from majlis.articles.models import Article

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.django_db
class TestReadingAnArticle:
    def test_it_shows_the_public_fields_and_the_approved_count(self, client, article, make_comment):
        make_comment(status="approved")
        make_comment(status="approved")
        make_comment(status="pending")
        make_comment(status="rejected")
        response = client.get("/api/v1/articles/bridge-repairs")
        assert response.status_code == 200
        data = response.json()
        assert data["key"] == "bridge-repairs"
        assert data["title"] == article.title
        assert data["comment_count"] == 2

    def test_an_unknown_or_unpublished_article_is_404(self, client, article):
        Article.objects.create(
            key="tomorrow", title="Embargoed", language="en", published_at="2999-01-01T00:00:00Z"
        )
        assert client.get("/api/v1/articles/nope").status_code == 404
        assert client.get("/api/v1/articles/tomorrow").status_code == 404
        assert client.get("/api/v1/articles/tomorrow/comments").status_code == 404


@pytest.mark.django_db
class TestListingComments:
    def test_it_lists_approved_comments_only_oldest_first(self, client, make_comment):
        first = make_comment("first", status="approved")
        make_comment("held", status="pending")
        make_comment("refused", status="rejected")
        reply = make_comment("second", status="approved", parent=first)
        data = client.get("/api/v1/articles/bridge-repairs/comments").json()
        assert data["count"] == 2
        assert data["next"] is None
        assert [c["body"] for c in data["items"]] == ["first", "second"]
        assert data["items"][1]["parent_id"] == first.pk
        assert data["items"][1]["id"] == reply.pk
        assert set(data["items"][0]) == {
            "id",
            "parent_id",
            "author_name",
            "body",
            "language",
            "created_at",
            "depth",
        }

    def test_no_email_appears_anywhere_in_the_public_responses(self, client, make_comment):
        make_comment(status="approved", author_email="secret.person@example.org")
        for url in ("/api/v1/articles/bridge-repairs/comments", "/api/v1/articles/bridge-repairs"):
            text = client.get(url).content.decode()
            assert "secret.person" not in text
            assert "@" not in text
            assert "author_email" not in text

    def test_a_script_comes_back_as_json_data_not_html(self, client, make_comment):
        make_comment(SCRIPT, status="approved", author_name=SCRIPT)
        response = client.get("/api/v1/articles/bridge-repairs/comments")
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        item = response.json()["items"][0]
        # The text is kept exactly as written: escaping is the renderer's job, and JSON is
        # not HTML. It parses back to the same string.
        assert item["body"] == SCRIPT
        assert item["author_name"] == SCRIPT
        assert json.loads(response.content)["items"][0]["body"] == SCRIPT

    @override_settings(MAJLIS={**__import__("django.conf").conf.settings.MAJLIS, "PAGE_SIZE": 2})
    def test_it_pages_with_a_next_link(self, client, make_comment):
        for n in range(5):
            make_comment(f"comment {n}", status="approved")
        first = client.get("/api/v1/articles/bridge-repairs/comments").json()
        assert first["count"] == 5
        assert [c["body"] for c in first["items"]] == ["comment 0", "comment 1"]
        assert first["next"].startswith("http://testserver/api/v1/articles/bridge-repairs/")
        assert "page=2" in first["next"]
        second = client.get(first["next"]).json()
        assert [c["body"] for c in second["items"]] == ["comment 2", "comment 3"]
        third = client.get(second["next"]).json()
        assert [c["body"] for c in third["items"]] == ["comment 4"]
        assert third["next"] is None

    @pytest.mark.parametrize("page", ["0", "-1", "two", "²", "1.5"])
    def test_a_bad_page_number_is_a_400_naming_page(self, client, article, page):
        response = client.get("/api/v1/articles/bridge-repairs/comments", {"page": page})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["page"]

    def test_a_page_past_the_end_is_empty(self, client, make_comment):
        make_comment(status="approved")
        data = client.get("/api/v1/articles/bridge-repairs/comments?page=9").json()
        assert (data["items"], data["count"], data["next"]) == ([], 1, None)
        assert data["previous"].endswith("?page=1&order=oldest")
