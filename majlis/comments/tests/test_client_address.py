"""The flood limit counts per client address, and a missing or odd address is no 500: it is
counted under one shared bucket instead."""

from __future__ import annotations

import json

import pytest

from majlis.comments.limits import client_key
from majlis.comments.models import Comment

API = "/api/v1/articles/bridge-repairs/comments"
BODY = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Six weeks."}


@pytest.mark.django_db
class TestOddAddresses:
    @pytest.mark.parametrize(
        ("meta_key", "meta"),
        [
            ("REMOTE_ADDR", {"REMOTE_ADDR": ""}),
            ("HTTP_X_FORWARDED_FOR", {}),
            ("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": "not an address"}),
            ("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7"}),
        ],
    )
    def test_posting_still_answers_202(self, client, article, settings, meta_key, meta):
        settings.RATELIMIT_IP_META_KEY = meta_key
        token = client.get(API.removesuffix("/comments")).json()["form_token"]
        response = client.post(
            API, json.dumps({**BODY, "token": token}), content_type="application/json", **meta
        )
        assert response.status_code == 202, response.content
        assert Comment.objects.count() == 1

    def test_the_proxys_own_entry_counts_not_what_the_client_claims(self, rf, settings):
        settings.RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
        forged = rf.post("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
        plain = rf.post("/", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert client_key("g", forged) == client_key("g", plain) == "198.51.100.7"

    def test_ipv6_clients_count_by_their_network(self, rf):
        one = rf.post("/", REMOTE_ADDR="2001:db8::1")
        other = rf.post("/", REMOTE_ADDR="2001:db8::2")
        assert client_key("g", one) == client_key("g", other)
