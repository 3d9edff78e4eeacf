"""On the desk a signed-in reader's comment says so, and their record is their account's:
every comment tied to it, whatever name and email it carried, and nothing typed by others
under the same email."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from majlis.desk.history import commenter, histories
from majlis.readers.models import Reader
from majlis.readers.sso import Claims
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(article) -> Reader:
    claims = Claims(sub="acct-1001", name="Layla Ahmed", email="layla@example.org")
    return Reader.objects.signed_in(article.site, claims)


def _card(html: str, comment_id: int) -> str:
    """The queue card of one comment."""
    cards = re.split(r'(?=<li class="queue-item)', html)
    [card] = [c for c in cards if f'href="/desk/comments/{comment_id}/"' in c]
    return card


class TestTheHistoryOfASignedInReader:
    def test_counts_every_comment_of_the_account_and_nothing_typed_under_its_email(
        self, make_comment, reader
    ):
        mine = [
            make_comment("signed 1", reader=reader, status="approved"),
            make_comment(
                "signed 2, when the account had another address",
                reader=reader,
                author_email="layla@old.example",
                status="rejected",
            ),
            make_comment("signed 3", reader=reader),
        ]
        typed = make_comment("typed by someone", author_email="Layla@example.org")
        found = histories([mine[2], typed])
        account = found[commenter(mine[2])]
        assert (account.approved, account.rejected, account.pending) == (1, 1, 1)
        assert {c.pk for c in account.recent} == {c.pk for c in mine}
        by_email = found[commenter(typed)]
        assert (by_email.approved, by_email.rejected, by_email.pending) == (0, 0, 1)
        assert [c.pk for c in by_email.recent] == [typed.pk]

    def test_another_account_with_the_same_email_has_its_own_record(self, make_comment, article):
        one = Reader.objects.signed_in(article.site, Claims("a-1", "Ann", "ann@example.org"))
        two = Reader.objects.signed_in(article.site, Claims("a-2", "Ann", "ann@example.org"))
        make_comment("by one", reader=one, status="approved")
        last = make_comment("by two", reader=two)
        found = histories([last], exclude={last.pk})
        assert found[commenter(last)].approved == 0
        assert found[commenter(last)].recent == []

    def test_two_queries_whatever_the_mix_of_commenters(self, make_comment, article):
        comments = []
        for n in range(6):
            account = Reader.objects.signed_in(
                article.site, Claims(f"s-{n}", f"R{n}", f"r{n}@example.org")
            )
            comments.append(make_comment(f"signed {n}", reader=account))
            comments.append(make_comment(f"typed {n}", author_email=f"t{n}@example.org"))
        with CaptureQueriesContext(connection) as queries:
            found = histories(comments)
            assert all(found[commenter(c)].pending == 1 for c in comments)
        assert len(queries) == 2


class TestTheQueueCard:
    def test_says_the_reader_is_signed_in_and_shows_the_accounts_record(
        self, desk, make_comment, reader, article
    ):
        make_comment("an earlier one", reader=reader, status="approved")
        make_comment("typed under her email", author_email="layla@example.org")
        comment = make_comment("signed in now", reader=reader)
        card = _card(desk.get("/desk/").content.decode(), comment.pk)
        assert f"signed in · {article.site.name}" in card
        assert "acct-1001" in card
        assert "1 approved, 0 rejected, 1 pending" in card
        assert "an earlier one" in card
        assert "typed under her email" not in card

    def test_a_typed_comment_says_nothing_of_an_account(self, desk, make_comment, reader):
        make_comment("signed", reader=reader, status="approved")
        typed = make_comment("typed", author_email="layla@example.org")
        card = _card(desk.get("/desk/").content.decode(), typed.pk)
        assert "signed in" not in card
        assert "0 approved, 0 rejected, 1 pending" in card

    def test_the_queue_takes_the_same_queries_for_one_reader_or_many(
        self, desk, make_comment, article
    ):
        def signed_in(n: int):
            account = Reader.objects.signed_in(
                article.site, Claims(f"q-{n}", f"Q{n}", f"q{n}@example.org")
            )
            make_comment(f"comment {n}", reader=account)

        signed_in(0)
        with CaptureQueriesContext(connection) as one:
            assert desk.get("/desk/").status_code == 200
        for n in range(1, 8):
            signed_in(n)
        with CaptureQueriesContext(connection) as many:
            assert desk.get("/desk/").status_code == 200
        assert len(many) == len(one)

    def test_the_comment_page_shows_the_account_too(self, desk, make_comment, reader, article):
        make_comment("before", reader=reader, status="rejected")
        comment = make_comment("now", reader=reader)
        html = desk.get(f"/desk/comments/{comment.pk}/").content.decode()
        assert f"signed in · {article.site.name}" in html
        assert "0 approved, 1 rejected, 1 pending" in html

    def test_a_reader_of_another_site_shows_that_site(self, desk, make_comment):
        from majlis.articles.models import Article

        site = Site.objects.create(key="fa-edition", name="Persian edition")
        there = Article.objects.create(site=site, key="pol", title="سیاست", language="fa")
        account = Reader.objects.signed_in(site, Claims("p-1", "Parisa", "p@example.org"))
        comment = make_comment("نظر", reader=account, article=there)
        card = _card(desk.get("/desk/").content.decode(), comment.pk)
        assert "signed in · Persian edition" in card
