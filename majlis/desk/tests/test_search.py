"""Searching the queue and the log: text, name, email and article, in any case, with the
Arabic-script variants folded, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import re

import pytest

from majlis.articles.models import Article
from majlis.desk.search import fold


def _ids(response, attribute: str = "data-comment") -> list[int]:
    return [int(n) for n in re.findall(rf'{attribute}="(\d+)"', response.content.decode())]


def _logged(response) -> set[int]:
    return {int(n) for n in re.findall(r'href="/desk/comments/(\d+)/"', response.content.decode())}


@pytest.mark.django_db
class TestSearchingTheQueue:
    def test_it_finds_text_in_any_case(self, desk, make_comment):
        hit = make_comment("The FERRY timetable is wrong.")
        make_comment("Nothing to see.")
        assert _ids(desk.get("/desk/", {"q": "ferry TIMETABLE"})) == [hit.pk]

    def test_it_finds_a_name_an_email_and_an_article(self, desk, make_comment):
        other = Article.objects.create(key="election-night", title="Election night", language="en")
        by_name = make_comment("one", author_name="Şirin Ê")
        by_email = make_comment("two", author_email="Hevi@Example.NET")
        by_article = make_comment("three", article=other)
        assert _ids(desk.get("/desk/", {"q": "şirin"})) == [by_name.pk]
        assert _ids(desk.get("/desk/", {"q": "ŞIRIN ê"})) == [by_name.pk]
        assert _ids(desk.get("/desk/", {"q": "hevi@example.net"})) == [by_email.pk]
        assert _ids(desk.get("/desk/", {"q": "election"})) == [by_article.pk]
        assert _ids(desk.get("/desk/", {"q": "election-night"})) == [by_article.pk]

    def test_arabic_script_variants_find_each_other(self, desk, make_comment):
        arabic = make_comment("مدينة كبيرة على النهر")  # Arabic yeh, kaf and teh marbuta
        persian = make_comment("شهر بزرگ کنار رود")
        assert _ids(desk.get("/desk/", {"q": "مدینه"})) == [arabic.pk]  # Persian yeh, heh
        assert _ids(desk.get("/desk/", {"q": "كبيرة"})) == [arabic.pk]
        assert _ids(desk.get("/desk/", {"q": "كنار"})) == [persian.pk]  # Arabic kaf
        assert _ids(desk.get("/desk/", {"q": "مَدينة"})) == [arabic.pk]  # with a haraka

    def test_like_wildcards_are_plain_characters(self, desk, make_comment):
        make_comment("100 percent")
        hit = make_comment("100% sure")
        assert _ids(desk.get("/desk/", {"q": "100%"})) == [hit.pk]
        assert _ids(desk.get("/desk/", {"q": "_"})) == []

    def test_the_search_is_kept_across_filters_and_pages(self, desk, make_comment):
        make_comment("ferry")
        html = desk.get("/desk/", {"q": "ferry", "order": "newest"}).content.decode()
        assert 'name="q" value="ferry"' in html
        assert '<input type="hidden" name="order" value="newest">' in html


@pytest.mark.django_db
class TestSearchingTheLog:
    def test_it_finds_decisions_by_comment_text_and_commenter(self, desk, make_comment, moderator):
        hit = make_comment("Ferries every hour", status="approved", moderator=moderator)
        miss = make_comment("Buses", status="rejected", author_email="bus@example.org")
        assert _logged(desk.get("/desk/log/", {"q": "FERRIES"})) == {hit.pk}
        assert _logged(desk.get("/desk/log/", {"q": "bus@example"})) == {miss.pk}


def test_fold_matches_what_the_database_folds():
    assert fold("ARABIC يك ة أ") == "arabic یک ه ا"
    assert fold("مَـدينة") == "مدینه"
