"""Mail is sent after the deciding transaction commits: `decided` runs what commits run."""

from __future__ import annotations

import pytest
from django.core import mail

from majlis.accounts.models import Role, User
from majlis.comments.tests.conftest import form_data  # noqa: F401 - the served form


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and then what its commits scheduled (the mail), as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def second_moderator(db) -> User:
    user = User.objects.create_user(username="sami", password="correct horse battery")
    user.role = Role.MODERATOR
    user.save()
    return user


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
