"""The desk's tests work signed in as a moderator."""

from __future__ import annotations

import pytest


@pytest.fixture
def desk(client, moderator):
    """A client signed in as a moderator."""
    client.force_login(moderator)
    return client
