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
                    form_data(author_email="Same@Example.org", body=f"Comment {n}"),
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
        token = client.get("/api/v1/articles/bridge-repairs").json()["form_token"]
        with _rates(client="2/m"):
            codes = [
                client.post(
                    API,
                    {
                        "author_name": "A",
                        "author_email": f"{n}@example.org",
                        "body": "b",
                        "token": token,
                    },
                    content_type="application/json",
                ).status_code
                for n in range(3)
            ]
        assert codes == [202, 202, 429]
        assert Comment.objects.count() == 2


@pytest.mark.django_db
class TestRetryAfter:
    def _retry_after(self, response) -> int:
        assert response.status_code == 429
        seconds = int(response["Retry-After"])
        assert 0 < seconds <= 60
        return seconds

    def test_the_form_page_says_when_to_retry(self, client, form_data):
        with _rates(client="1/m"):
            client.post(URL, form_data())
            self._retry_after(client.post(URL, form_data()))

    def test_the_forms_json_says_when_to_retry(self, client, form_data):
        with _rates(client="1/m"):
            client.post(URL, form_data(), **JSON)
            response = client.post(URL, form_data(), **JSON)
        assert response.json()["retry_after"] == self._retry_after(response)

    def test_the_api_says_when_to_retry(self, client, token_for, moderator, article):
        data = {"author_name": "A", "author_email": "a@example.org", "body": "b"}
        auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(moderator)}"}
        with _rates(email="1/m"):
            client.post(API, data, content_type="application/json", **auth)
            response = client.post(API, data, content_type="application/json", **auth)
        self._retry_after(response)


@pytest.mark.django_db
class TestTheClientAddress:
    @override_settings(RATELIMIT_IP_META_KEY="HTTP_X_FORWARDED_FOR")
    def test_behind_a_proxy_the_last_forwarded_address_is_the_client(self, client, form_data):
        # The proxy appends the address it saw; what the client wrote before it is not trusted.
        with _rates(client="1/m"):
            first = client.post(
                URL, form_data(), HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5", **JSON
            )
            again = client.post(
                URL,
                form_data(author_email="b@example.org"),
                HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5",
                **JSON,
            )
            other = client.post(
                URL,
                form_data(author_email="c@example.org"),
                HTTP_X_FORWARDED_FOR="198.51.100.1",
                **JSON,
            )
        assert [first.status_code, again.status_code, other.status_code] == [202, 429, 202]

    @override_settings(RATELIMIT_IP_META_KEY="HTTP_X_FORWARDED_FOR")
    def test_a_missing_or_garbled_forwarded_header_is_not_a_server_error(self, client, form_data):
        assert client.post(URL, form_data(), **JSON).status_code == 202
        garbled = client.post(
            URL, form_data(author_email="b@example.org"), HTTP_X_FORWARDED_FOR="not an ip", **JSON
        )
        assert garbled.status_code == 202
