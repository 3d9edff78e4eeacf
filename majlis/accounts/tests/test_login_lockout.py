"""Guessing passwords stops: after a few failures from one client for one username, the desk
and the admin sign-in refuse that pair for a while, even with the right password."""

from __future__ import annotations

import pytest
from django.test import override_settings

DESK_LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
# The default failure limit (MAJLIS_LOGIN_FAILURE_LIMIT).
LIMIT = 5


def _try(client, url: str, username: str, password: str, **meta):
    return client.post(url, {"username": username, "password": password}, **meta)


@pytest.mark.django_db
class TestLoginLockout:
    def test_thirty_wrong_passwords_lock_the_desk_sign_in(self, client, moderator):
        codes = [_try(client, DESK_LOGIN, "mona", f"guess {n}").status_code for n in range(30)]
        # The first failures are the ordinary form with its error; then the lockout answers.
        assert codes[: LIMIT - 1] == [200] * (LIMIT - 1)
        assert set(codes[LIMIT:]) == {429}
        right = _try(client, DESK_LOGIN, "mona", "correct horse battery")
        assert right.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_the_lockout_page_says_why_and_for_how_long(self, client, moderator):
        for n in range(LIMIT):
            _try(client, DESK_LOGIN, "mona", f"guess {n}")
        page = _try(client, DESK_LOGIN, "mona", "guess again")
        assert page.status_code == 429
        html = page.content.decode()
        assert "Too many failed sign-in attempts" in html
        assert "15 minutes" in html

    def test_the_admin_sign_in_locks_too(self, client, admin_user):
        for n in range(LIMIT):
            _try(client, ADMIN_LOGIN, "ada", f"guess {n}")
        right = _try(client, ADMIN_LOGIN, "ada", "correct horse battery")
        assert right.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_another_client_may_still_sign_in(self, client, moderator):
        for n in range(LIMIT):
            _try(client, DESK_LOGIN, "mona", f"guess {n}", REMOTE_ADDR="10.0.0.66")
        right = _try(client, DESK_LOGIN, "mona", "correct horse battery", REMOTE_ADDR="10.0.0.7")
        assert right.status_code == 302

    def test_a_success_before_the_limit_forgets_the_failures(self, client, moderator):
        for n in range(LIMIT - 1):
            _try(client, DESK_LOGIN, "mona", f"guess {n}")
        assert _try(client, DESK_LOGIN, "mona", "correct horse battery").status_code == 302
        client.logout()
        for n in range(LIMIT - 1):
            _try(client, DESK_LOGIN, "mona", f"guess {n}")
        assert _try(client, DESK_LOGIN, "mona", "correct horse battery").status_code == 302

    @override_settings(RATELIMIT_IP_META_KEY="HTTP_X_FORWARDED_FOR")
    def test_behind_a_proxy_it_counts_the_forwarded_client_as_rate_limits_do(
        self, client, moderator
    ):
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        for n in range(LIMIT):
            _try(
                client,
                DESK_LOGIN,
                "mona",
                f"guess {n}",
                HTTP_X_FORWARDED_FOR="203.0.113.5",
                **proxy,
            )
        locked = _try(
            client,
            DESK_LOGIN,
            "mona",
            "correct horse battery",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
            **proxy,
        )
        assert locked.status_code == 429
        # The same proxy forwarding another reader's sign-in is not locked out with them.
        other = _try(
            client,
            DESK_LOGIN,
            "mona",
            "correct horse battery",
            HTTP_X_FORWARDED_FOR="198.51.100.8",
            **proxy,
        )
        assert other.status_code == 302
