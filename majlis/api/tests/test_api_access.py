"""Who may call what: moderator endpoints need a moderator's token, the article endpoint an
editor's; refusals say nothing about the resource."""

from __future__ import annotations

import pytest

from majlis.accounts.models import ApiToken
from majlis.articles.models import Article
from majlis.comments.models import Decision

ARTICLE = {"key": "new-one", "title": "New", "language": "en"}


@pytest.fixture
def pending(make_comment):
    return make_comment("A private pending comment", author_email="hidden@example.org")


def _moderator_requests(comment_id: int):
    return [
        ("get", "/api/v1/moderation/queue", None),
        ("get", f"/api/v1/comments/{comment_id}", None),
        ("post", f"/api/v1/comments/{comment_id}/decisions", {"verdict": "approve"}),
    ]


def _call(client, method, url, data, headers):
    if method == "get":
        return client.get(url, **headers)
    return client.post(url, data, content_type="application/json", **headers)


def _leaks_nothing(response) -> None:
    text = response.content.decode()
    for secret in ("hidden@example.org", "private pending", "author_email"):
        assert secret not in text
    assert set(response.json()) == {"detail"}


@pytest.mark.django_db
class TestModeratorEndpoints:
    @pytest.mark.parametrize(
        "authorization",
        [
            None,
            "Bearer ",
            "Bearer not-a-token",
            "Token abc",
            "Basic bW9uYTpwdw==",
        ],
    )
    def test_no_token_or_a_bad_one_is_401(self, client, pending, authorization):
        headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
        for method, url, data in _moderator_requests(pending.pk):
            response = _call(client, method, url, data, headers)
            assert response.status_code == 401, url
            _leaks_nothing(response)
        assert Decision.objects.count() == 0

    def test_a_revoked_token_is_401(self, client, pending, moderator, token_for):
        plain = token_for(moderator)
        ApiToken.objects.filter(user=moderator).update(revoked_at="2026-01-01T00:00:00Z")
        response = client.get("/api/v1/moderation/queue", HTTP_AUTHORIZATION=f"Bearer {plain}")
        assert response.status_code == 401

    def test_a_deactivated_moderator_is_401(self, client, pending, moderator, bearer):
        headers = bearer(moderator)
        moderator.is_active = False
        moderator.save()
        assert client.get("/api/v1/moderation/queue", **headers).status_code == 401

    def test_a_reader_token_is_403(self, client, pending, outsider, bearer):
        for method, url, data in _moderator_requests(pending.pk):
            response = _call(client, method, url, data, bearer(outsider))
            assert response.status_code == 403, url
            _leaks_nothing(response)
        pending.refresh_from_db()
        assert pending.status == "pending"
        assert Decision.objects.count() == 0

    def test_a_reader_cannot_tell_a_missing_comment_from_a_present_one(
        self, client, pending, outsider, bearer
    ):
        present = client.get(f"/api/v1/comments/{pending.pk}", **bearer(outsider))
        missing = client.get("/api/v1/comments/999999", **bearer(outsider))
        assert present.status_code == missing.status_code == 403
        assert present.content == missing.content

    @pytest.mark.parametrize("fixture", ["moderator", "editor", "admin_user"])
    def test_moderators_and_above_get_in(self, request, client, pending, bearer, fixture):
        user = request.getfixturevalue(fixture)
        response = client.get("/api/v1/moderation/queue", **bearer(user))
        assert response.status_code == 200


@pytest.mark.django_db
class TestEditorEndpoint:
    def test_no_token_is_401(self, post_json):
        response = post_json("/api/v1/articles", ARTICLE)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert not Article.objects.exists()

    @pytest.mark.parametrize("fixture", ["moderator", "outsider"])
    def test_a_moderator_or_reader_token_is_403(self, request, post_json, bearer, fixture):
        user = request.getfixturevalue(fixture)
        response = post_json("/api/v1/articles", ARTICLE, **bearer(user))
        assert response.status_code == 403
        assert set(response.json()) == {"detail"}
        assert not Article.objects.exists()

    def test_a_forbidden_update_changes_nothing(self, post_json, bearer, moderator, article):
        response = post_json(
            "/api/v1/articles",
            {**ARTICLE, "key": article.key, "title": "Defaced"},
            **bearer(moderator),
        )
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.title == "Old bridge to close for repairs"
