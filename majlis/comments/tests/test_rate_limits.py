"""The public paths answer 429 with a clear message once a client or an email posts too
often."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from majlis.comments.models import Comment

URL = "/articles/bridge-repairs/comments/"
API = "/api/v1/articles/bridge-repairs/comments"
JSON = {"HTTP_ACCEPT": "application/json"}


def _rates(client: str = "100/m", email: str = "100/m"):
    return override_settings(
        MAJLIS={**settings.MAJLIS, "RATE_PER_CLIENT": client, "RATE_PER_EMAIL": email}
    )


@pytest.mark.django_db
class TestRateLimits:
    def test_one_client_is_stopped_after_its_rate(self, client, form_data):
        with _rates(client="3/m"):
            codes = [
                client.post(URL, form_data(author_email=f"r{n}@example.org"), **JSON)
                for n in range(4)
            ]
        assert [r.status_code for r in codes] == [202, 202, 202, 429]
        assert "Too many comments from your connection" in codes[-1].json()["detail"]
        assert Comment.objects.count() == 3

    def test_another_client_may_still_post(self, client, form_data):
        with _rates(client="1/m"):
            assert client.post(URL, form_data(), **JSON).status_code == 202
            other = client.post(
                URL, form_data(author_email="x@example.org"), REMOTE_ADDR="10.0.0.9", **JSON
            )
        assert other.status_code == 202

    def test_one_email_is_stopped_from_any_client(self, client, form_data):
        with _rates(email="2/m"):
            codes = [
                client.post(
                    URL,
                    form_data(author_email="Same@Example.org"),
                    REMOTE_ADDR=f"10.0.0.{n}",
                    **JSON,
                ).status_code
                for n in range(3)
            ]
            last = client.post(
                URL, form_data(author_email="same@example.org"), REMOTE_ADDR="10.0.1.1", **JSON
            )
        assert codes == [202, 202, 429]
        assert last.status_code == 429
        assert "email address" in last.json()["detail"]
        assert Comment.objects.count() == 2

    def test_without_javascript_the_page_says_why(self, client, form_data):
        with _rates(client="1/m"):
            client.post(URL, form_data())
            response = client.post(URL, form_data())
        assert response.status_code == 429
        assert "Too many comments" in response.content.decode()
        assert Comment.objects.count() == 1

    def test_the_api_is_limited_too(self, client, article):
        data = {"author_name": "A", "author_email": "a@example.org", "body": "b"}
        with _rates(client="2/m"):
            codes = [
                client.post(API, data, content_type="application/json").status_code
                for _ in range(3)
            ]
        assert codes == [202, 202, 429]
        assert Comment.objects.count() == 2
