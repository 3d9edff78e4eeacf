"""The desk is for moderators: anonymous readers are sent to sign in, others are refused."""

from __future__ import annotations

import pytest

from majlis.comments.models import Decision


def _desk_urls(comment_id: int) -> list[tuple[str, str]]:
    return [
        ("get", "/desk/"),
        ("get", "/desk/log/"),
        ("get", f"/desk/comments/{comment_id}/"),
        ("post", f"/desk/comments/{comment_id}/decide/"),
    ]


@pytest.mark.django_db
class TestWhoReachesTheDesk:
    def test_anonymous_readers_are_sent_to_sign_in(self, client, make_comment):
        comment = make_comment("held for review", author_email="private@example.org")
        for method, url in _desk_urls(comment.pk):
            response = getattr(client, method)(
                url, {"verdict": "approve"} if method == "post" else {}
            )
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next=")
            assert "private@example.org" not in response.content.decode()
        comment.refresh_from_db()
        assert comment.status == "pending"
        assert Decision.objects.count() == 0

    def test_a_signed_in_user_without_a_role_is_refused(self, client, outsider, make_comment):
        comment = make_comment("held for review", author_email="private@example.org")
        client.force_login(outsider)
        for method, url in _desk_urls(comment.pk):
            response = getattr(client, method)(
                url, {"verdict": "approve"} if method == "post" else {}
            )
            assert response.status_code == 403, url
            assert "private@example.org" not in response.content.decode()
        comment.refresh_from_db()
        assert comment.status == "pending"
        assert Decision.objects.count() == 0

    @pytest.mark.parametrize("fixture", ["moderator", "editor", "admin_user"])
    def test_moderators_editors_and_admins_get_in(self, request, client, make_comment, fixture):
        comment = make_comment()
        client.force_login(request.getfixturevalue(fixture))
        for _method, url in _desk_urls(comment.pk)[:3]:
            assert client.get(url).status_code == 200, url

    def test_the_login_page_leads_back_to_the_desk(self, client, moderator):
        response = client.post(
            "/accounts/login/", {"username": "mona", "password": "correct horse battery"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/desk/"

    def test_deciding_needs_a_post(self, client, moderator, make_comment):
        client.force_login(moderator)
        comment = make_comment()
        assert client.get(f"/desk/comments/{comment.pk}/decide/").status_code == 405
