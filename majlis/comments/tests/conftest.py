"""Helpers for the public form's tests: a fresh form as the article page serves it."""

from __future__ import annotations

import pytest
from django.core import signing

from majlis.comments.forms import _SALT


@pytest.fixture
def form_data(article):
    """What a reader's browser sends: the fields plus the page's signed token."""

    def data(**fields) -> dict:
        return {
            "author_name": "Layla",
            "author_email": "layla@example.org",
            "body": "Six weeks is a long time without the bridge.",
            "parent_id": "",
            "website": "",
            "token": signing.dumps(
                {"article": fields.pop("token_article", article.pk)}, salt=_SALT
            ),
            **fields,
        }

    return data
