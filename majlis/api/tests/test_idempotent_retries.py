"""A client that retries with the same `Idempotency-Key` gets the first answer again, and
nothing more is stored: not for a comment, not for a decision, not even when the retries
race each other."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from majlis.comments.models import Comment, Decision

URL = "/api/v1/articles/bridge-repairs/comments"
VALID = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Six weeks is long."}


def _key(value: str) -> dict[str, str]:
    return {"HTTP_IDEMPOTENCY_KEY": value}


def _race(n: int, send) -> list:
    """`send()` from `n` threads at once; each thread has its own client and connection."""
    barrier = threading.Barrier(n)
    answers: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            answers[i] = send(Client())
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


# An in-memory SQLite database shared between threads locks whole tables and fails at once
# instead of waiting, which is a property of the test database, not of Majlis.
needs_concurrent_database = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory SQLite test database is not concurrent"
)


@pytest.fixture
def token(client, article) -> str:
    return client.get("/api/v1/articles/bridge-repairs").json()["form_token"]


@pytest.mark.django_db
class TestARepeatedComment:
    def test_a_repeat_answers_the_same_and_stores_one(self, post_json, article, token):
        first = post_json(URL, {**VALID, "token": token}, **_key("retry-1"))
        again = post_json(URL, {**VALID, "token": token}, **_key("retry-1"))
        assert first.status_code == again.status_code == 202
        assert first.json() == again.json()
        assert Comment.objects.count() == 1

    def test_a_repeat_after_approval_reports_the_comment_as_it_is(
        self, post_json, article, token, moderator
    ):
        from majlis.comments import actions

        first = post_json(URL, {**VALID, "token": token}, **_key("retry-2"))
        actions.approve(Comment.objects.get(), actor=moderator)
        again = post_json(URL, {**VALID, "token": token}, **_key("retry-2"))
        assert again.status_code == 202
        assert again.json()["id"] == first.json()["id"]
        assert Comment.objects.count() == 1

    def test_different_keys_store_different_comments(self, post_json, article, token):
        post_json(URL, {**VALID, "token": token}, **_key("a"))
        post_json(URL, {**VALID, "token": token}, **_key("b"))
        assert Comment.objects.count() == 2

    def test_a_key_is_scoped_to_its_article(self, client, post_json, article):
        from majlis.articles.models import Article

        Article.objects.create(key="elections", title="Elections", language="en")
        for key in ("bridge-repairs", "elections"):
            token = client.get(f"/api/v1/articles/{key}").json()["form_token"]
            answer = post_json(
                f"/api/v1/articles/{key}/comments", {**VALID, "token": token}, **_key("same")
            )
            assert answer.status_code == 202
        assert Comment.objects.count() == 2

    def test_a_reused_key_with_another_comment_is_422(self, post_json, article, token):
        post_json(URL, {**VALID, "token": token}, **_key("retry-3"))
        other = post_json(
            URL, {**VALID, "body": "Something else.", "token": token}, **_key("retry-3")
        )
        assert other.status_code == 422
        assert "Idempotency-Key" in other.json()["detail"]
        assert Comment.objects.count() == 1

    @pytest.mark.parametrize("bad", ["", " ", "k" * 256, "caf\u00e9"])
    def test_a_malformed_key_is_400_naming_the_header(self, post_json, article, token, bad):
        response = post_json(URL, {**VALID, "token": token}, HTTP_IDEMPOTENCY_KEY=bad)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["Idempotency-Key"]
        assert Comment.objects.count() == 0


@needs_concurrent_database
@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_of_a_comment_store_one(article, client):
    token = client.get("/api/v1/articles/bridge-repairs").json()["form_token"]
    body = json.dumps({**VALID, "token": token})
    # Four, under the email's rate limit: every attempt counts against it, retries included.
    answers = _race(
        4, lambda c: c.post(URL, body, content_type="application/json", **_key("race-1"))
    )
    assert [a.status_code for a in answers] == [202] * 4
    assert len({a.json()["id"] for a in answers}) == 1
    assert Comment.objects.count() == 1


def _decide(post_json, bearer, user, comment, key: str | None, **data):
    headers = {**bearer(user), **(_key(key) if key else {})}
    return post_json(f"/api/v1/comments/{comment.pk}/decisions", data, **headers)


@pytest.mark.django_db
class TestARepeatedDecision:
    def test_a_repeat_answers_201_with_the_same_decision(
        self, post_json, bearer, moderator, make_comment
    ):
        comment = make_comment()
        first = _decide(post_json, bearer, moderator, comment, "d-1", verdict="approve")
        again = _decide(post_json, bearer, moderator, comment, "d-1", verdict="approve")
        assert first.status_code == again.status_code == 201
        assert first.json() == again.json()
        assert Decision.objects.count() == 1

    def test_a_repeat_after_an_overturn_does_not_overturn_again(
        self, post_json, bearer, moderator, editor, make_comment
    ):
        comment = make_comment()
        first = _decide(post_json, bearer, moderator, comment, "d-2", verdict="approve")
        _decide(post_json, bearer, editor, comment, None, verdict="reject", reasons=["threat"])
        again = _decide(post_json, bearer, moderator, comment, "d-2", verdict="approve")
        assert again.status_code == 201
        assert again.json()["id"] == first.json()["id"]
        assert Decision.objects.count() == 2
        assert Comment.objects.get(pk=comment.pk).status == "rejected"

    def test_a_reused_key_with_another_verdict_is_422(
        self, post_json, bearer, moderator, make_comment
    ):
        comment = make_comment()
        _decide(post_json, bearer, moderator, comment, "d-3", verdict="approve")
        other = _decide(
            post_json, bearer, moderator, comment, "d-3", verdict="reject", reasons=["threat"]
        )
        assert other.status_code == 422
        assert "Idempotency-Key" in other.json()["detail"]
        assert Decision.objects.count() == 1


@needs_concurrent_database
@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_of_a_decision_store_one(make_comment, moderator, token_for):
    comment = make_comment()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(moderator)}"}
    body = json.dumps({"verdict": "reject", "reasons": ["threat"]})
    answers = _race(
        6,
        lambda c: c.post(
            f"/api/v1/comments/{comment.pk}/decisions",
            body,
            content_type="application/json",
            **auth,
            **_key("race-d"),
        ),
    )
    assert [a.status_code for a in answers] == [201] * 6
    assert len({a.json()["id"] for a in answers}) == 1
    assert Decision.objects.count() == 1
