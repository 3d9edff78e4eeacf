"""The desk speaks the language asked for by `?lang=` or by the browser; article pages speak
their article's."""

from __future__ import annotations

import pytest

from majlis.articles.models import Article


@pytest.fixture
def desk(client, moderator):
    client.force_login(moderator)
    return client


@pytest.mark.django_db
class TestTheDeskLanguage:
    def test_it_is_english_by_default(self, desk):
        html = desk.get("/desk/").content.decode()
        assert '<html lang="en" dir="ltr">' in html
        assert "Moderation queue" in html

    def test_accept_language_selects_it(self, desk):
        html = desk.get("/desk/", HTTP_ACCEPT_LANGUAGE="tr,en;q=0.5").content.decode()
        assert '<html lang="tr" dir="ltr">' in html
        assert "Moderasyon kuyruğu" in html

    def test_lang_in_the_query_selects_it_over_the_browser(self, desk):
        html = desk.get("/desk/?lang=ar", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
        assert '<html lang="ar" dir="rtl">' in html
        assert "قائمة المراجعة" in html

    @pytest.mark.parametrize(
        ("code", "direction"), [("ckb", "rtl"), ("fa", "rtl"), ("kmr", "ltr"), ("en", "ltr")]
    )
    def test_every_interface_language_can_be_chosen(self, desk, code, direction):
        html = desk.get(f"/desk/log/?lang={code}").content.decode()
        assert f'<html lang="{code}" dir="{direction}">' in html

    def test_the_choice_is_remembered_for_the_next_page(self, desk):
        desk.get("/desk/?lang=fa")
        html = desk.get("/desk/log/").content.decode()
        assert '<html lang="fa" dir="rtl">' in html

    @pytest.mark.parametrize("code", ["xx", "<script>", "de"])
    def test_an_unknown_language_is_ignored(self, desk, code):
        response = desk.get("/desk/", {"lang": code})
        assert response.status_code == 200
        assert '<html lang="en" dir="ltr">' in response.content.decode()

    def test_an_article_page_keeps_its_articles_language(self, client, db):
        Article.objects.create(key="k", title="T", language="tr")
        html = client.get("/articles/k/?lang=ar").content.decode()
        assert '<html lang="tr" dir="ltr">' in html
