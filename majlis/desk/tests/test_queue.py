"""The queue: pending comments only, oldest first, filtered by article and language, with
what a moderator needs to decide."""

from __future__ import annotations

import re

import pytest

from majlis.articles.models import Article

SCRIPT = "<script>alert('x')</script>"


def _queued_ids(response) -> list[int]:
    return [int(n) for n in re.findall(r'data-comment="(\d+)"', response.content.decode())]


@pytest.fixture
def other_article(db):
    return Article.objects.create(key="election", title="Election night", language="fa")


@pytest.mark.django_db
class TestTheQueue:
    def test_it_lists_pending_comments_only_oldest_first(self, desk, make_comment):
        first = make_comment("first")
        make_comment("published", status="approved")
        make_comment("refused", status="rejected")
        second = make_comment("second")
        response = desk.get("/desk/")
        assert _queued_ids(response) == [first.pk, second.pk]
        assert "(2)" in response.content.decode()

    def test_it_can_show_the_newest_first(self, desk, make_comment):
        first, second = make_comment("first"), make_comment("second")
        assert _queued_ids(desk.get("/desk/?order=newest")) == [second.pk, first.pk]

    def test_it_filters_by_article(self, desk, make_comment, other_article):
        here = make_comment("here")
        there = make_comment("there", article=other_article)
        assert _queued_ids(desk.get("/desk/?article=election")) == [there.pk]
        assert _queued_ids(desk.get("/desk/?article=bridge-repairs")) == [here.pk]

    def test_it_filters_by_language(self, desk, make_comment, other_article):
        make_comment("english")
        persian = make_comment("فارسی", article=other_article)
        assert _queued_ids(desk.get("/desk/?language=fa")) == [persian.pk]
        assert _queued_ids(desk.get("/desk/?language=tr")) == []

    def test_it_shows_the_article_the_email_and_the_history(self, desk, make_comment):
        make_comment("old one", author_email="layla@example.org", status="approved")
        make_comment("older one", author_email="layla@example.org", status="rejected")
        make_comment("and another", author_email="LAYLA@example.org", status="approved")
        make_comment("new one", author_email="layla@example.org", author_name="Layla K.")
        html = desk.get("/desk/").content.decode()
        assert "Old bridge to close for repairs" in html
        assert "Layla K." in html
        assert "layla@example.org" in html
        assert "2 approved, 1 rejected, 1 pending" in html
        assert "older one" in html

    def test_a_script_is_shown_escaped(self, desk, make_comment):
        make_comment(SCRIPT, author_name=SCRIPT)
        html = desk.get("/desk/").content.decode()
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html

    def test_every_comment_has_approve_and_reject_with_categories(self, desk, make_comment):
        comment = make_comment()
        html = desk.get("/desk/").content.decode()
        assert f'action="/desk/comments/{comment.pk}/decide/"' in html
        assert 'value="approve"' in html
        assert 'value="reject"' in html
        for key in (
            "off_topic",
            "profanity",
            "vulgarity",
            "threat",
            "personal_attack",
            "identity_attack",
            "promotion",
        ):
            assert f'name="categories" value="{key}"' in html
        assert "<textarea" not in html

    def test_the_query_count_does_not_grow_with_the_queue(
        self, desk, make_comment, other_article, django_assert_max_num_queries
    ):
        for n in range(3):
            make_comment(f"a{n}", author_email=f"a{n}@example.org")
        with django_assert_max_num_queries(20) as small:
            desk.get("/desk/")
        for n in range(15):
            parent = make_comment(f"p{n}", status="approved", author_email=f"b{n}@example.org")
            make_comment(f"b{n}", author_email=f"b{n}@example.org", parent=parent)
            make_comment(f"c{n}", article=other_article)
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = desk.get("/desk/")
        assert len(_queued_ids(response)) == 20
