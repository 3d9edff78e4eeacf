"""One link stops all mail to an address: a page to confirm, and RFC 8058's one-click POST."""

from __future__ import annotations

import pytest

from majlis.notices import links
from majlis.notices.models import Unsubscribed, address_digest

pytestmark = pytest.mark.django_db


def _path(email: str) -> str:
    return links.unsubscribe_url(email).removeprefix("http://127.0.0.1:8000")


def test_opening_the_link_asks_first_and_unsubscribes_no_one(client):
    response = client.get(_path("layla@example.org"))
    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert not Unsubscribed.objects.exists()


def test_the_one_click_post_unsubscribes_the_address_and_only_it(client):
    response = client.post(
        _path("Layla@example.org"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Unsubscribed.objects.includes("layla@EXAMPLE.org")
    assert not Unsubscribed.objects.includes("someone@example.org")
    # The table holds digests, never addresses.
    assert list(Unsubscribed.objects.values_list("digest", flat=True)) == [
        address_digest("layla@example.org")
    ]


def test_unsubscribing_twice_is_still_one_row(client):
    client.post(_path("layla@example.org"))
    client.post(_path("layla@example.org"))
    assert Unsubscribed.objects.count() == 1


def test_a_forged_link_is_a_404(client):
    assert client.post("/mail/unsubscribe/not-a-token/").status_code == 404
    assert not Unsubscribed.objects.exists()
