"""Public reads come from the shared cache, change with every decision, and revalidate."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.models import Comment
from majlis.comments.threads import thread_page

PAGE = "/articles/bridge-repairs/"
JSON = "/api/v1/articles/bridge-repairs/comments"
ARTICLE_JSON = "/api/v1/articles/bridge-repairs"
READS = [PAGE, JSON, ARTICLE_JSON]


def _settle(article) -> None:
    """Date the article's last change a minute back, as a thread at rest would be."""
    a_minute_ago = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(
        updated_at=a_minute_ago, comments_changed_at=a_minute_ago
    )


@pytest.mark.django_db
class TestCachedReads:
    @pytest.mark.parametrize("url", READS)
    def test_a_public_read_carries_validators_and_a_cache_control_a_cdn_can_use(
        self, client, article, url
    ):
        _settle(article)
        response = client.get(url)
        assert response.status_code == 200
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"].endswith("GMT")
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"public", "max-age=30", "stale-while-revalidate=60"} <= directives
        assert "stale-if-error=86400" in directives

    @pytest.mark.parametrize("url", READS)
    def test_a_revalidation_of_the_same_content_is_answered_304(
        self, client, article, make_comment, url
    ):
        make_comment("published", status="approved")
        _settle(article)
        first = client.get(url)
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert "public" in again["Cache-Control"]
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304

    @pytest.mark.parametrize("url", READS)
    def test_a_second_read_is_served_from_the_cache_with_one_query(
        self, client, make_comment, url, django_assert_max_num_queries
    ):
        make_comment("published", status="approved")
        client.get(url)
        # The article's row (its version is the key); the thread is not read again.
        with django_assert_max_num_queries(1):
            assert client.get(url).status_code == 200

    @pytest.mark.parametrize("url", READS)
    def test_an_approval_shows_on_the_next_read(self, client, make_comment, moderator, url):
        make_comment("already there", status="approved")
        comment = make_comment("just approved")
        before = client.get(url)
        assert "just approved" not in before.content.decode()
        actions.approve(comment, actor=moderator)
        after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]
        if url != ARTICLE_JSON:
            assert "just approved" in after.content.decode()
        else:
            assert after.json()["comment_count"] == 2

    @pytest.mark.parametrize("url", READS)
    def test_a_change_in_the_same_second_is_not_hidden_from_a_revalidation_by_date(
        self, client, article, make_comment, moderator, url
    ):
        _settle(article)
        comment = make_comment("approved at once")
        before = client.get(url)
        actions.approve(comment, actor=moderator)
        # Very likely the same second as `before`: its date cannot tell the two apart.
        after = client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]

    @pytest.mark.parametrize("url", [PAGE, JSON])
    def test_a_rejection_overturning_an_approval_hides_it_on_the_next_read(
        self, client, make_comment, moderator, url
    ):
        comment = make_comment("soon withdrawn", status="approved")
        assert "soon withdrawn" in client.get(url).content.decode()
        actions.reject(comment, actor=moderator, categories=["off_topic"])
        assert "soon withdrawn" not in client.get(url).content.decode()

    @pytest.mark.parametrize("url", READS)
    def test_rejecting_a_pending_comment_leaves_the_cached_read_in_place(
        self, client, make_comment, moderator, url, django_assert_max_num_queries
    ):
        make_comment("published", status="approved")
        pending = make_comment("never shown")
        first = client.get(url)
        actions.reject(pending, actor=moderator, categories=["promotion"])
        with django_assert_max_num_queries(1):
            again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304

    def test_editing_the_article_shows_on_the_next_read(self, client, article):
        assert "Comments are closed" not in client.get(PAGE).content.decode()
        article.comments_open = False
        article.save()
        assert "Comments are closed" in client.get(PAGE).content.decode()

    def test_closing_comments_from_the_admins_list_shows_on_the_next_read(
        self, client, article, editor
    ):
        assert "Comments are closed" not in client.get(PAGE).content.decode()
        client.force_login(editor)
        response = client.post(
            "/admin/articles/article/",
            {"action": "close_comments", "_selected_action": [article.pk]},
        )
        assert response.status_code == 302
        client.logout()
        assert "Comments are closed" in client.get(PAGE).content.decode()

    def test_each_page_and_order_is_its_own_entry(self, client, make_comment, settings):
        settings.MAJLIS = {**settings.MAJLIS, "THREAD_PAGE_SIZE": 1, "PAGE_SIZE": 1}
        make_comment("older", status="approved")
        make_comment("newer", status="approved")
        assert "older" in client.get(PAGE).content.decode()
        assert "newer" in client.get(PAGE, {"order": "newest"}).content.decode()
        assert "newer" in client.get(PAGE, {"page": 2}).content.decode()
        assert client.get(JSON).json()["items"][0]["body"] == "older"
        assert client.get(JSON, {"order": "newest"}).json()["items"][0]["body"] == "newer"

    @pytest.mark.parametrize("url", READS)
    def test_a_cache_that_fails_still_leaves_the_read_served(
        self, client, make_comment, url, monkeypatch
    ):
        make_comment("still shown", status="approved")

        def broken(*args, **kwargs):
            raise ConnectionError("the cache server went away")

        monkeypatch.setattr(cache, "get", broken)
        monkeypatch.setattr(cache, "set", broken)
        response = client.get(url)
        assert response.status_code == 200
        assert response["ETag"]
        if url != ARTICLE_JSON:
            assert "still shown" in response.content.decode()

    def test_a_cached_page_still_says_it_is_in_the_articles_language(self, client, article):
        client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en")
        cached = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="ar")
        assert cached["Content-Language"] == "en"
        assert '<html lang="en" dir="ltr">' in cached.content.decode()

    def test_the_page_varies_by_cookie_but_not_by_the_readers_language(self, client, article):
        for response in (client.get(PAGE), client.get(PAGE)):
            assert "Cookie" in response["Vary"]
            assert "Accept-Language" not in response["Vary"]

    @pytest.mark.parametrize("url", [JSON, ARTICLE_JSON])
    def test_the_json_varies_by_the_origin_alone(self, client, article, url):
        # An embed's page tells its site by its Origin, and CORS answers per origin; nothing
        # else the reader sends (cookies, languages) changes the answer.
        assert client.get(url)["Vary"].lower() == "origin"

    def test_the_desk_still_follows_the_readers_language(self, client, moderator):
        client.force_login(moderator)
        assert "Accept-Language" in client.get("/desk/")["Vary"]


@pytest.mark.django_db
class TestSignedInReaders:
    def test_a_moderator_never_gets_the_cached_anonymous_page(self, client, article, moderator):
        anonymous = client.get(PAGE)
        assert "Moderation desk" not in anonymous.content.decode()
        client.force_login(moderator)
        signed_in = client.get(PAGE, HTTP_IF_NONE_MATCH=anonymous["ETag"])
        assert signed_in.status_code == 200
        assert "Moderation desk" in signed_in.content.decode()
        assert "private" in signed_in["Cache-Control"]
        assert "public" not in signed_in["Cache-Control"]
        assert "Cookie" in signed_in["Vary"]

    def test_an_anonymous_reader_never_gets_a_moderators_page(self, client, article, moderator):
        client.force_login(moderator)
        client.get(PAGE)
        client.logout()
        assert "Moderation desk" not in client.get(PAGE).content.decode()

    def test_a_thank_you_or_a_reply_form_is_rendered_for_that_reader(self, client, make_comment):
        parent = make_comment("parent", status="approved")
        posted = make_comment("mine")
        client.get(PAGE)
        thanks = client.get(PAGE, {"posted": posted.pk})
        assert "awaits moderation" in thanks.content.decode()
        assert "private" in thanks["Cache-Control"]
        reply = client.get(PAGE, {"reply": parent.pk})
        assert f'name="parent_id" value="{parent.pk}"' in reply.content.decode()
        assert "awaits moderation" not in client.get(PAGE).content.decode()


def test_a_cache_lifetime_near_the_forms_age_stops_the_start():
    env = {**os.environ, "MAJLIS_FORM_MAX_AGE": "600", "MAJLIS_READ_CACHE_SECONDS": "300"}
    result = subprocess.run(
        [sys.executable, "-c", "import majlis.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "MAJLIS_READ_CACHE_SECONDS" in result.stderr
    assert "MAJLIS_FORM_MAX_AGE" in result.stderr


def _many(article, moderator, count: int) -> None:
    """`count` approved comments, a third of them replies."""
    with transaction.atomic():
        published: list[Comment] = []
        for n in range(count):
            comment = actions.submit(
                article,
                author_name=f"Reader {n}",
                author_email="reader@example.org",
                body=f"comment {n}",
                parent=published[n // 2] if n % 3 == 2 else None,
            )
            actions.approve(comment, actor=moderator)
            published.append(comment)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("count", [100, 1000])
def test_reads_cost_the_same_few_queries_whatever_the_thread_size(
    client, article, moderator, count, django_assert_max_num_queries
):
    _many(article, moderator, count)
    # Counts, the page's top-level comments, all their replies: three, for any size.
    with django_assert_max_num_queries(3):
        page = thread_page(article, 2, size=20, order="newest")
    assert (page.total, len([e for e in page.entries if e.depth == 0])) == (count, 20)
    # Rendered: those, plus the article, its tags and the guidelines.
    with django_assert_max_num_queries(6):
        assert client.get(PAGE, {"order": "newest", "page": 2}).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(JSON, {"page": 2}).status_code == 200
    # Cached: the article's row alone.
    for url in (f"{PAGE}?order=newest&page=2", f"{JSON}?page=2"):
        with django_assert_max_num_queries(1):
            assert client.get(url).status_code == 200


@pytest.mark.django_db
class TestAutomaticDecisionsRenewTheCache:
    @pytest.mark.parametrize("url", READS)
    def test_an_automatic_approval_shows_on_the_next_read(self, client, make_comment, url):
        machine = actions.AutomaticModerator("test")
        make_comment("already there", status="approved")
        comment = make_comment("approved by the machine")
        before = client.get(url)
        actions.decide_automatically([(comment, "approve", (), "")], actor=machine)
        after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        if url != ARTICLE_JSON:
            assert "approved by the machine" in after.content.decode()
        else:
            assert after.json()["comment_count"] == 2

    def test_an_automatic_rejection_of_a_pending_comment_leaves_the_cache(
        self, article, make_comment
    ):
        machine = actions.AutomaticModerator("test")
        comment = make_comment("never published")
        _settle(article)
        settled = Article.objects.get(pk=article.pk).comments_changed_at
        actions.decide_automatically([(comment, "reject", ["promotion"], "")], actor=machine)
        assert Article.objects.get(pk=article.pk).comments_changed_at == settled
