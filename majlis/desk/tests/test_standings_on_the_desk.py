"""A commenter's standing on every card of theirs, set from the card or their history."""

from __future__ import annotations

import pytest

from majlis.commenters.models import CommenterStanding


@pytest.mark.django_db
class TestStandingsOnCards:
    def test_a_ban_set_from_a_card_shows_on_every_card_of_the_address(
        self, desk, make_comment, moderator
    ):
        first = make_comment("one", author_email="Spam@example.org")
        second = make_comment("two", author_email="spam@EXAMPLE.org")
        response = desk.post(
            f"/desk/comments/{first.pk}/standing/",
            {
                "standing": "banned",
                "scope": "email",
                "category": "promotion",
                "note": "sells <b>watches</b>",
                "next": "/desk/",
            },
        )
        assert response["Location"] == "/desk/"
        row = CommenterStanding.objects.get()
        assert (row.value, row.standing, row.set_by) == ("spam@example.org", "banned", moderator)
        html = desk.get("/desk/").content.decode()
        assert html.count('data-standing="banned"') == 2
        assert "sells &lt;b&gt;watches&lt;/b&gt;" in html
        assert second.pk

    def test_a_ban_needs_a_category_and_a_reason(self, desk, make_comment):
        comment = make_comment()
        desk.post(
            f"/desk/comments/{comment.pk}/standing/", {"standing": "banned", "scope": "email"}
        )
        assert not CommenterStanding.objects.exists()

    def test_a_domain_standing_and_the_disposable_list_show_with_their_reasons(
        self, desk, make_comment
    ):
        held = make_comment(author_email="x@mailinator.com")
        other = make_comment(author_email="y@news.example")
        desk.post(
            f"/desk/comments/{other.pk}/standing/", {"standing": "premoderate", "scope": "domain"}
        )
        html = desk.get("/desk/").content.decode()
        assert "Disposable email domain (@mailinator.com): held for a person." in html
        assert "Always pre-moderated (@news.example)" in html
        assert held.pk

    def test_clearing_from_the_history_page(self, desk, make_comment):
        comment = make_comment()
        desk.post(
            f"/desk/comments/{comment.pk}/standing/", {"standing": "trusted", "scope": "email"}
        )
        page = desk.get(f"/desk/comments/{comment.pk}/commenter/").content.decode()
        assert 'data-standing="trusted"' in page
        desk.post(f"/desk/comments/{comment.pk}/standing/", {"standing": "", "scope": "email"})
        assert not CommenterStanding.objects.exists()

    def test_an_account_standing_needs_a_signed_in_comment(self, desk, make_comment):
        comment = make_comment()
        desk.post(
            f"/desk/comments/{comment.pk}/standing/", {"standing": "trusted", "scope": "reader"}
        )
        assert not CommenterStanding.objects.exists()
