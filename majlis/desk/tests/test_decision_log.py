"""The decision log and a comment's own page."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.comments.actions import AutomaticModerator


@pytest.mark.django_db
class TestTheLog:
    def test_it_lists_every_decision_newest_first_with_its_actor(
        self, desk, moderator, make_comment
    ):
        comment = make_comment("<b>bold</b> claim")
        actions.reject(comment, actor=AutomaticModerator("0.2"), categories=["promotion"])
        actions.approve(comment, actor=moderator, note="not an advert")
        html = desk.get("/desk/log/").content.decode()
        # The actor and the categories in the moderator's words, the version isolated.
        assert html.index("not an advert") < html.index("Automatic moderator <bdi>0.2</bdi>")
        assert "<td>Promotion</td>" in html
        assert "mona" in html
        assert "&lt;b&gt;bold&lt;/b&gt; claim" in html

    def test_the_automatic_moderators_decisions_can_be_audited_apart(
        self, desk, moderator, make_comment
    ):
        machine = AutomaticModerator("0.3")
        spam = make_comment("first comment")
        actions.reject(spam, actor=machine, categories=["promotion"], note="machine-reject")
        fine = make_comment("second comment")
        actions.approve(fine, actor=machine, note="machine-approve")
        person = make_comment("third comment")
        actions.reject(person, actor=moderator, categories=["threat"], note="person-reject")

        def notes(query: str) -> set[str]:
            html = desk.get(f"/desk/log/{query}").content.decode()
            return {n for n in ("machine-reject", "machine-approve", "person-reject") if n in html}

        assert notes("") == {"machine-reject", "machine-approve", "person-reject"}
        assert notes("?actor=automatic") == {"machine-reject", "machine-approve"}
        assert notes("?actor=people") == {"person-reject"}
        assert notes("?actor=automatic&verdict=reject") == {"machine-reject"}
        assert notes("?actor=nobody&verdict=maybe") == notes("")

    def test_imported_decisions_are_neither_people_nor_the_machine(
        self, desk, moderator, make_comment
    ):
        imported = make_comment("carried over")
        actions.approve(imported, actor=actions.Importer("disqus"), note="import-approve")
        person = make_comment("decided here")
        actions.approve(person, actor=moderator, note="person-approve")

        def notes(query: str) -> set[str]:
            html = desk.get(f"/desk/log/{query}").content.decode()
            return {n for n in ("import-approve", "person-approve") if n in html}

        assert notes("") == {"import-approve", "person-approve"}
        assert notes("?actor=people") == {"person-approve"}
        assert notes("?actor=automatic") == set()

    def test_it_says_when_there_is_nothing(self, desk, article):
        assert "No decisions yet." in desk.get("/desk/log/").content.decode()


@pytest.mark.django_db
class TestTheCommentPage:
    def test_it_shows_the_comment_its_email_and_its_decisions(self, desk, moderator, make_comment):
        comment = make_comment("<i>words</i>", author_email="layla@example.org")
        actions.reject(comment, actor=moderator, categories=["threat"], note="line 2")
        html = desk.get(f"/desk/comments/{comment.pk}/").content.decode()
        assert "&lt;i&gt;words&lt;/i&gt;" in html
        assert "layla@example.org" in html
        assert "line 2" in html
        assert "Rejected" in html
        assert "<textarea" not in html

    def test_an_unknown_comment_is_404(self, desk, article):
        assert desk.get("/desk/comments/999999/").status_code == 404
