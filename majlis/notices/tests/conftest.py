"""Mail is queued with the decision and sent by the worker: `committed` runs what commits
run, then the worker's mail pass."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from majlis.accounts.models import Role, User
from majlis.comments.tests.conftest import form_data  # noqa: F401 - the served form
from majlis.notices import outgoing
from majlis.notices.models import Mail


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block, then what its commits scheduled and the worker's sending of the mail
    it queued, as a real commit and a running worker would. Mail queued before the block
    (a test's setting up) is not sent: only the block's is under test."""

    @contextmanager
    def run():
        earlier = Mail.objects.filter(status="pending")
        earlier.update(next_attempt_at=timezone.now() + timedelta(days=365))
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks
        outgoing.send_due()

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
