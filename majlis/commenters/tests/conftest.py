"""Standings are set from a comment, as the desk sets them."""

from __future__ import annotations

import pytest

from majlis.commenters import actions


@pytest.fixture
def stand(moderator):
    def give(comment, standing: str, scope: str = "email", **fields):
        if standing == "banned":
            fields.setdefault("category", "promotion")
            fields.setdefault("note", "posts adverts")
        return actions.set_standing(
            comment, scope=scope, standing=standing, actor=moderator, **fields
        )

    return give
