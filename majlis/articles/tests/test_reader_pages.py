"""The front page, tag pages and the article page with its threaded, approved comments."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from majlis.articles.models import Article, Tag

SCRIPT = "<script>alert('x')</script>"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def _article(key: str, days_ago: int, language: str = "en", **fields) -> Article:
    return Article.objects.create(
        key=key,
        title=f"Title {key}",
        language=language,
        published_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )


@pytest.mark.django_db
class TestTheFrontPage:
    def test_it_lists_published_articles_newest_first(self, client):
        _article("old", 5)
        _article("new", 1)
        _article("middle", 3)
        _article("future", -2)
        html = client.get("/").content.decode()
        assert html.index("Title new") < html.index("Title middle") < html.index("Title old")
        assert "Title future" not in html

    def test_it_links_each_article_and_its_tags(self, client):
        article = _article("a", 1)
        article.tags.set(Tag.for_names(["City council"]))
        html = client.get("/").content.decode()
        assert 'href="/articles/a/"' in html
        assert 'href="/tags/city-council/"' in html


@pytest.mark.django_db
class TestTagPages:
    def test_a_tag_page_lists_only_its_articles_newest_first(self, client):
        tag = Tag.for_names(["Libraries"])[0]
        for key, days in (("l1", 4), ("l2", 2)):
            _article(key, days).tags.add(tag)
        _article("other", 1)
        response = client.get("/tags/libraries/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.index("Title l2") < html.index("Title l1")
        assert "Title other" not in html

    def test_an_unknown_tag_is_404(self, client, db):
        assert client.get("/tags/nope/").status_code == 404

    def test_a_tag_in_arabic_script_has_a_page(self, client):
        tag = Tag.for_names(["کتێبخانە"])[0]
        _article("k", 1, language="ckb").tags.add(tag)
        assert "Title k" in client.get(tag.get_absolute_url()).content.decode()


@pytest.mark.django_db
class TestTheArticlePage:
    def test_it_shows_the_article_and_only_approved_comments(self, client, article, make_comment):
        make_comment("approved words", status="approved")
        make_comment("pending words")
        make_comment("rejected words", status="rejected")
        response = client.get("/articles/bridge-repairs/")
        assert response.status_code == 200
        html = response.content.decode()
        assert article.title in html
        assert "City desk" in html
        assert "approved words" in html
        assert "pending words" not in html
        assert "rejected words" not in html
        assert "1 comment" in html
        assert "no comment is ever edited" in html

    def test_replies_are_nested_under_their_parent(self, client, make_comment):
        parent = make_comment("the parent", status="approved")
        reply = make_comment("the reply", status="approved", parent=parent)
        html = client.get("/articles/bridge-repairs/").content.decode()
        parent_li = html.index(f'id="comment-{parent.pk}"')
        nested = html.index('<ol class="thread nested">', parent_li)
        assert parent_li < nested < html.index(f'id="comment-{reply.pk}"')

    def test_newest_first_reverses_the_threads(self, client, make_comment):
        make_comment("first thread", status="approved")
        make_comment("second thread", status="approved")
        html = client.get("/articles/bridge-repairs/?order=newest").content.decode()
        assert html.index("second thread") < html.index("first thread")

    def test_each_comment_body_carries_dir_auto(self, client, make_comment):
        make_comment("نظر", status="approved")
        html = client.get("/articles/bridge-repairs/").content.decode()
        assert re.search(r'<div class="comment-body" dir="auto"[^>]*><p>نظر</p>', html)

    def test_a_script_in_a_name_or_comment_is_shown_escaped(self, client, make_comment):
        make_comment(SCRIPT, status="approved", author_name=SCRIPT)
        html = client.get("/articles/bridge-repairs/").content.decode()
        assert SCRIPT not in html
        assert html.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") >= 2

    def test_an_unpublished_or_unknown_article_is_404(self, client):
        _article("embargo", -1)
        assert client.get("/articles/embargo/").status_code == 404
        assert client.get("/articles/nope/").status_code == 404


@pytest.mark.django_db
class TestNoEmailOnPublicPages:
    def test_no_commenter_email_appears_on_any_reader_page(self, client, article, make_comment):
        article.tags.set(Tag.for_names(["Roads"]))
        for state in ("approved", "pending", "rejected"):
            make_comment(f"{state} words", status=state, author_email=f"{state}@example.org")
        for url in (
            "/",
            "/tags/roads/",
            "/articles/bridge-repairs/",
            "/articles/bridge-repairs/?order=newest",
        ):
            html = client.get(url).content.decode()
            assert EMAIL.findall(html) == [], url


@pytest.mark.django_db
class TestTextDirection:
    @pytest.mark.parametrize(
        ("language", "direction"),
        [
            ("ar", "rtl"),
            ("ckb", "rtl"),
            ("fa", "rtl"),
            ("en", "ltr"),
            ("tr", "ltr"),
            ("kmr", "ltr"),
        ],
    )
    def test_the_article_page_follows_its_language(self, client, language, direction):
        _article("a", 1, language=language)
        html = client.get("/articles/a/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in html

    def test_an_rtl_reader_still_gets_an_ltr_page_for_an_english_article(self, client, article):
        html = client.get("/articles/bridge-repairs/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert '<html lang="en" dir="ltr">' in html

    def test_the_front_page_marks_each_articles_direction(self, client):
        _article("fa1", 1, language="fa")
        _article("en1", 2)
        html = client.get("/").content.decode()
        assert '<li lang="fa" dir="rtl">' in html
        assert '<li lang="en" dir="ltr">' in html
