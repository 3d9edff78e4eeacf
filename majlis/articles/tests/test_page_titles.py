"""A title bar cannot isolate bidi text: override characters in an article title or a tag
name would reorder the browser tab and the history entry, so `<title>` never carries them."""

from __future__ import annotations

import re

import pytest

from majlis.articles.models import Article

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.django_db
class TestBidiControlsInTitles:
    def test_an_article_title_loses_them_in_the_title_bar_only(self, client):
        Article.objects.create(
            key="spoof", title="Budget \u202egnp.exe\u202c vote" + CONTROLS, language="en"
        )
        html = client.get("/articles/spoof/").content.decode()
        title = _title(html)
        assert title == "Budget gnp.exe vote · Majlis"
        assert not set(CONTROLS) & set(title)

    def test_a_tag_name_loses_them_too(self, client, article):
        article.tags.create(name="\u2067Elections\u2069\u202e", slug="elections")
        title = _title(client.get("/tags/elections/").content.decode())
        assert title == "Elections · Majlis"

    def test_right_to_left_titles_are_kept_whole(self, client):
        Article.objects.create(key="kurdish", title="پردی کۆن دادەخرێت", language="ckb")
        title = _title(client.get("/articles/kurdish/").content.decode())
        assert title == "پردی کۆن دادەخرێت · Majlis"

    def test_the_admin_title_bar_loses_them_too(self, client, admin_user):
        spoof = Article.objects.create(key="spoof", title="Budget \u202egnp.exe", language="en")
        client.force_login(admin_user)
        html = client.get(f"/admin/articles/article/{spoof.pk}/change/").content.decode()
        title = _title(html)
        assert title.startswith("Budget gnp.exe | ")
        assert not set(CONTROLS) & set(title)
        # The rest of the admin is the admin's own.
        assert 'id="site-name"' in html
