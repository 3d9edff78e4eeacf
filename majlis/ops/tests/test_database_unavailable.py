"""With the database down, pages and the API answer 503 with Retry-After (JSON for the API),
not Django's HTML 500."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError, connection


def _database_down(error: type[Exception] = OperationalError):
    def refuse(execute, sql, params, many, context):
        raise error("could not connect to server: Connection refused")

    return connection.execute_wrapper(refuse)


@pytest.fixture
def unraised_client(client):
    # As a real server does: an unhandled error becomes a response instead of a test failure.
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
class TestDatabaseUnavailable:
    def test_a_page_answers_503_with_retry_after_and_a_short_html_page(
        self, unraised_client, article
    ):
        url = article.get_absolute_url()
        with _database_down():
            response = unraised_client.get(url)
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Content-Type"].startswith("text/html")
        assert "try again" in response.content.decode().lower()

    def test_the_front_page_answers_503(self, unraised_client):
        with _database_down(InterfaceError):
            response = unraised_client.get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"

    def test_the_api_answers_503_in_json(self, unraised_client, article):
        with _database_down():
            response = unraised_client.get(f"/api/v1/articles/{article.key}/comments")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()

    def test_posting_a_comment_through_the_api_answers_503(self, unraised_client, article):
        with _database_down():
            response = unraised_client.post(
                f"/api/v1/articles/{article.key}/comments",
                {"author_name": "A", "author_email": "a@example.org", "body": "Hello there."},
                content_type="application/json",
            )
        assert response.status_code == 503
        assert "detail" in response.json()

    def test_the_answer_names_nothing_of_the_error(self, unraised_client, article):
        with _database_down():
            body = unraised_client.get("/").content.decode()
        assert "Connection refused" not in body

    def test_other_errors_still_answer_500(self, unraised_client):
        with _database_down(RuntimeError):
            response = unraised_client.get("/")
        assert response.status_code == 500
