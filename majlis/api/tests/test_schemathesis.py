"""Schemathesis fuzzes every operation from the API's own OpenAPI document, in-process: no
answer is a 5xx, every status code is one the document lists, and every body fits it.

A fixed seed and a bounded number of examples per operation keep the run the same each time
and short (about 10 s of CPU). It sends an admin's token, so the protected
operations are reached too, and there is an article and comments for it to find.
"""

from __future__ import annotations

from itertools import count

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig

from majlis.wsgi import application

EXAMPLES = 25
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261201,
        "generation": {
            # Valid and invalid requests; no example database, so every run is the same.
            "mode": "all",
            "max-examples": EXAMPLES,
            "deterministic": True,
            "database": "none",
            # Unknown query parameters are ignored, as on most APIs, not refused.
            "allow-extra-parameters": False,
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
# A request the document calls invalid must be refused (4xx); the converse, that every valid
# one succeeds, cannot hold: a well-formed key may name no article.
CHECKS = [
    not_a_server_error,
    negative_data_rejection,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def site(article, make_comment, settings):
    """Something to find: an article and comments in every state, by key and id. The flood
    limit is lifted, or after ten posts every one would be a (documented) 429."""
    settings.MAJLIS = {
        **settings.MAJLIS,
        "RATE_PER_CLIENT": "100000/m",
        "RATE_PER_EMAIL": "100000/m",
    }
    parent = make_comment(status="approved")
    comments = [
        parent,
        make_comment("A reply.", status="approved", parent=parent),
        make_comment("Waiting."),
        make_comment("Refused.", status="rejected"),
    ]
    return {"key": article.key, "comment_ids": [c.pk for c in comments], "turn": count()}


@pytest.fixture
def keep_the_test_connection():
    # Requests go straight to the WSGI app, whose request_started/finished signals would
    # close the test's database connection (and its transaction) on PostgreSQL; Django's
    # own test client holds them off in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(admin_user, token_for):
    return {"Authorization": f"Bearer {token_for(admin_user)}"}


def _aim_at_what_exists(case, site) -> None:
    """Generated keys and ids almost never exist: point two valid cases in three at the
    article and its comments, so the operations are exercised past their 404."""
    turn = next(site["turn"])
    if case.meta is None or str(case.meta.generation.mode) != "positive" or turn % 3 == 0:
        return
    params = case.path_parameters or {}
    if "key" in params:
        params["key"] = site["key"]
    if "comment_id" in params:
        params["comment_id"] = site["comment_ids"][turn % len(site["comment_ids"])]


@pytest.mark.slow
@pytest.mark.django_db
@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_the_api_keeps_to_its_document(case, site, auth_headers, keep_the_test_connection):
    _aim_at_what_exists(case, site)
    case.call_and_validate(headers=auth_headers, checks=CHECKS)
