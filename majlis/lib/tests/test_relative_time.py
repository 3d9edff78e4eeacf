"""Comment times read "5 minutes ago" in every language of the interface, the date past a month."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from majlis.articles.models import Article
from majlis.lib.relative_time import relative_time, words

NOW = timezone.now()
AGES = [
    timedelta(seconds=5),
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=11),
    timedelta(hours=1),
    timedelta(hours=2),
    timedelta(hours=3),
    timedelta(days=1),
    timedelta(days=2),
    timedelta(days=12),
]
ENGLISH = re.compile(r"\b(just|now|minutes?|hours?|days?|ago)\b", re.IGNORECASE)
LANGUAGES = ["ar", "ckb", "fa", "kmr", "tr"]


def test_english_counts_minutes_hours_and_days():
    with translation.override("en"):
        said = [relative_time(NOW - age, NOW) for age in AGES]
    assert said == [
        "just now",
        "1 minute ago",
        "2 minutes ago",
        "5 minutes ago",
        "11 minutes ago",
        "1 hour ago",
        "2 hours ago",
        "3 hours ago",
        "1 day ago",
        "2 days ago",
        "12 days ago",
    ]


def test_a_time_a_little_ahead_is_just_now_and_a_month_old_one_is_left_to_the_date():
    with translation.override("en"):
        assert relative_time(NOW + timedelta(seconds=20), NOW) == "just now"
        assert relative_time(NOW - timedelta(days=29, hours=23), NOW) == "29 days ago"
        assert relative_time(NOW - timedelta(days=30), NOW) is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_english_is_left_in_any_other_language(lang):
    with translation.override(lang):
        said = [relative_time(NOW - age, NOW) for age in AGES]
        table = words()
    every = [*said, table["now"], *table["minutes"], *table["hours"], *table["days"]]
    assert all(every), lang
    assert not [text for text in every if ENGLISH.search(text)], lang
    # The counts that are written out as digits are the right ones.
    assert "5" in said[3]
    assert "12" in said[-1]


def test_arabic_has_its_dual_and_its_plurals():
    with translation.override("ar"):
        said = {n: relative_time(NOW - timedelta(minutes=n), NOW) for n in (1, 2, 3, 11)}
        hours = {n: relative_time(NOW - timedelta(hours=n), NOW) for n in (1, 2, 5, 11)}
    assert said[1] == "منذ دقيقة"
    assert said[2] == "منذ دقيقتين"
    assert said[3] == "منذ 3 دقائق"
    assert said[11] == "منذ 11 دقيقة"
    assert hours == {1: "منذ ساعة", 2: "منذ ساعتين", 5: "منذ 5 ساعات", 11: "منذ 11 ساعة"}


def test_the_table_for_scripts_matches_the_servers_words():
    with translation.override("tr"):
        table = words()
        assert len(table["minutes"]) == 59
        assert len(table["hours"]) == 23
        assert len(table["days"]) == 29
        assert table["minutes"][4] == relative_time(NOW - timedelta(minutes=5), NOW)
        assert table["days"][28] == relative_time(NOW - timedelta(days=29), NOW)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_the_article_page_says_how_long_ago_with_the_date_kept(
    client, make_comment, monkeypatch, lang
):
    article = Article.objects.create(key=f"times-{lang}", title="T", language=lang, body="...")
    comment = make_comment("A comment.", article=article, status="approved")
    later = comment.created_at + timedelta(minutes=5, seconds=3)
    # Comments are never edited, their date neither: the page is read five minutes on.
    monkeypatch.setattr("majlis.articles.views.now", lambda: later)
    html = client.get(article.get_absolute_url()).content.decode()
    time = re.search(r'<time datetime="([^"]+)" title="([^"]+)" data-relative>([^<]+)</time>', html)
    assert time, html
    iso, title, text = time.groups()
    assert iso == timezone.localtime(comment.created_at).isoformat()
    assert re.search(r"\d", title)  # the absolute date and time, as before
    with translation.override(lang):
        assert text == relative_time(comment.created_at, later)
        assert text == words()["minutes"][4]
    assert bool(ENGLISH.search(text)) == (lang == "en")
    # The script keeps it current with the same words, in the page's language.
    assert '<script id="relative-times" type="application/json">' in html


@pytest.mark.django_db
def test_a_month_old_comment_shows_its_date(client, article, make_comment, monkeypatch):
    comment = make_comment("Old news.", status="approved")
    monkeypatch.setattr(
        "majlis.articles.views.now", lambda: comment.created_at + timedelta(days=45)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    title, text = re.search(r'title="([^"]+)" data-relative>([^<]+)</time>', html).groups()
    assert text == title


@pytest.mark.django_db
def test_a_young_threads_page_is_cached_a_minute_only(client, article, make_comment, settings):
    from majlis.articles.views import YOUNG_PAGE_LIFETIME, _page_lifetime

    make_comment("Fresh.", status="approved")
    article.refresh_from_db()
    assert _page_lifetime(article) == YOUNG_PAGE_LIFETIME
    hour_ago = timezone.now() - timedelta(hours=2)
    Article.objects.filter(pk=article.pk).update(updated_at=hour_ago, comments_changed_at=hour_ago)
    article.refresh_from_db()
    assert _page_lifetime(article) is None


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_embed_gets_the_same_words(client, lang):
    Article.objects.create(key="times", title="T", language=lang, body="...")
    data = client.get("/api/v1/embed/articles/times").json()
    with translation.override(lang):
        assert data["relative_times"] == words()
    assert not ENGLISH.search(data["relative_times"]["minutes"][4])
