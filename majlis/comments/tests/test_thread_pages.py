"""A page of a thread: N top-level comments with all their replies, in one definition."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.comments.models import Comment
from majlis.comments.threads import page_of, thread_page


def _bodies(page) -> list[tuple[str, int]]:
    return [(e.comment.body, e.depth) for e in page.entries]


@pytest.fixture
def thread(make_comment):
    """Three top-level comments; the first has a reply with a reply of its own."""
    first = make_comment("first", status="approved")
    second = make_comment("second", status="approved")
    reply = make_comment("reply to first", status="approved", parent=first)
    make_comment("reply to the reply", status="approved", parent=reply)
    make_comment("later reply to first", status="approved", parent=first)
    make_comment("held reply", parent=second)
    third = make_comment("third", status="approved")
    return first, second, third


@pytest.mark.django_db
class TestAThreadPage:
    def test_top_level_comments_come_oldest_first_each_with_its_replies(self, article, thread):
        page = thread_page(article, 1, size=10)
        assert _bodies(page) == [
            ("first", 0),
            ("reply to first", 1),
            ("reply to the reply", 2),
            ("later reply to first", 1),
            ("second", 0),
            ("third", 0),
        ]
        assert (page.total, page.threads, page.pages) == (6, 3, 1)

    def test_newest_first_reverses_the_top_level_only(self, article, thread):
        page = thread_page(article, 1, size=10, order="newest")
        assert [b for b, _ in _bodies(page)] == [
            "third",
            "second",
            "first",
            "reply to first",
            "reply to the reply",
            "later reply to first",
        ]

    def test_a_page_holds_size_top_level_comments_and_all_their_replies(self, article, thread):
        first = thread_page(article, 1, size=1)
        assert [b for b, _ in _bodies(first)] == [
            "first",
            "reply to first",
            "reply to the reply",
            "later reply to first",
        ]
        assert (first.pages, first.has_next, first.has_previous) == (3, True, False)
        last = thread_page(article, 3, size=1)
        assert _bodies(last) == [("third", 0)]
        assert (last.has_next, last.has_previous) == (False, True)
        assert thread_page(article, 4, size=1).entries == []

    def test_the_entries_say_how_to_nest_them(self, article, thread):
        entries = thread_page(article, 1, size=10).entries
        # first opens its replies; "reply to the reply" closes one list (back to depth 1);
        # "later reply to first" closes the list of first's replies.
        assert [(e.has_replies, e.closes) for e in entries] == [
            (True, 0),
            (True, 0),
            (False, 1),
            (False, 1),
            (False, 0),
            (False, 0),
        ]

    def test_a_reply_whose_parent_was_rejected_stands_at_the_top_level(
        self, article, make_comment, moderator
    ):
        parent = make_comment("parent", status="approved")
        make_comment("orphan", status="approved", parent=parent)
        actions.reject(parent, actor=moderator, categories=["off_topic"])
        page = thread_page(article, 1, size=10)
        assert _bodies(page) == [("orphan", 0)]
        assert (page.total, page.threads) == (1, 1)

    def test_a_long_chain_of_replies_does_not_hit_the_recursion_limit(self, article, make_comment):
        comment = make_comment("root", status="approved")
        for n in range(60):
            comment = make_comment(f"reply {n}", status="approved", parent=comment)
        entries = thread_page(article, 1, size=1).entries
        assert [e.depth for e in entries] == list(range(61))
        assert entries[-1].closes == 60

    def test_an_unknown_order_is_refused(self, article):
        with pytest.raises(ValueError, match="order"):
            thread_page(article, 1, size=10, order="random")


@pytest.mark.django_db
class TestFindingAComment:
    def test_a_reply_is_on_the_page_of_its_top_level_comment(self, article, thread):
        third = thread[2]
        deep = Comment.objects.get(body="reply to the reply")
        assert page_of(article, deep.pk, size=1) == 1
        assert page_of(article, third.pk, size=1) == 3
        assert page_of(article, third.pk, size=1, order="newest") == 1
        assert page_of(article, deep.pk, size=2, order="newest") == 2

    def test_an_unpublished_or_foreign_comment_is_on_no_page(self, article, thread):
        held = Comment.objects.get(body="held reply")
        assert page_of(article, held.pk, size=1) is None
        assert page_of(article, 10**9, size=1) is None
