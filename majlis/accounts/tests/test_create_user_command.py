"""`majlis create-user NAME --role ROLE --password P --print-token`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from majlis.accounts.models import User


def _run(*args: str) -> list[str]:
    out = StringIO()
    call_command("create-user", *args, stdout=out)
    return out.getvalue().strip().splitlines()


@pytest.mark.django_db
class TestCreateUser:
    def test_the_printed_token_works_against_the_api(self, client, article):
        lines = _run("nadia", "--role", "moderator", "--password", "pw-123456", "--print-token")
        token = lines[-1]
        user = User.objects.get(username="nadia")
        assert user.role == "moderator"
        assert user.check_password("pw-123456")
        response = client.get("/api/v1/moderation/queue", HTTP_AUTHORIZATION=f"Bearer {token}")
        assert response.status_code == 200

    def test_a_moderators_token_cannot_publish_articles(self, client, db):
        token = _run("nadia", "--role", "moderator", "--password", "p", "--print-token")[-1]
        response = client.post(
            "/api/v1/articles",
            {"key": "k", "title": "T", "language": "en"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 403

    def test_an_editors_token_can(self, client, db):
        token = _run("erin", "--role", "editor", "--password", "p", "--print-token")[-1]
        response = client.post(
            "/api/v1/articles",
            {"key": "k", "title": "T", "language": "en"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 201
        assert User.objects.get(username="erin").is_staff

    def test_without_print_token_no_token_is_printed(self, db):
        lines = _run("nadia", "--role", "admin", "--password", "p")
        assert lines == ["Created admin 'nadia'."]
        assert User.objects.get(username="nadia").is_superuser

    def test_running_it_again_updates_the_user(self, db):
        _run("nadia", "--role", "moderator", "--password", "one")
        lines = _run("nadia", "--role", "editor", "--password", "two")
        assert lines == ["Updated editor 'nadia'."]
        user = User.objects.get(username="nadia")
        assert (user.role, user.check_password("two")) == ("editor", True)
        assert User.objects.count() == 1

    def test_an_unknown_role_or_empty_password_is_an_error(self, db):
        with pytest.raises(CommandError):
            call_command("create-user", "x", "--role", "reader", "--password", "p")
        with pytest.raises(CommandError):
            call_command("create-user", "x", "--role", "moderator", "--password", "")
        assert User.objects.count() == 0
