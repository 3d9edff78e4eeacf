"""POST /api/v1/articles/{key}/comments: a valid comment is stored pending; anything wrong
is a 400 that names the field, and nothing is stored."""

from __future__ import annotations

import pytest

from majlis.comments.models import Comment

URL = "/api/v1/articles/bridge-repairs/comments"
VALID = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Six weeks is long."}


@pytest.mark.django_db
class TestSubmittingAComment:
    def test_it_stores_a_valid_comment_as_pending(self, post_json, article):
        response = post_json(URL, VALID)
        assert response.status_code == 202
        comment = Comment.objects.get()
        assert response.json() == {"id": comment.pk, "status": "pending"}
        assert (comment.article, comment.author_name, comment.author_email, comment.body) == (
            article,
            "Layla",
            "layla@example.org",
            "Six weeks is long.",
        )
        assert comment.decisions.count() == 0

    def test_it_accepts_a_reply_to_an_approved_comment(self, post_json, make_comment):
        parent = make_comment(status="approved")
        response = post_json(URL, {**VALID, "parent_id": parent.pk})
        assert response.status_code == 202
        assert Comment.objects.get(pk=response.json()["id"]).parent == parent

    def test_it_answers_404_for_an_unknown_article(self, post_json, article):
        response = post_json("/api/v1/articles/no-such-article/comments", VALID)
        assert response.status_code == 404
        assert Comment.objects.count() == 0


def _reject_parent(parent_state: str, make_comment, other_article):
    if parent_state == "other-article":
        return make_comment(status="approved", article=other_article).pk
    if parent_state == "unknown":
        return 987654
    return make_comment(status=parent_state).pk


@pytest.fixture
def other_article(db):
    from majlis.articles.models import Article

    return Article.objects.create(key="elections", title="Elections", language="en")


BAD_FIELDS = [
    ("author_name", None, "missing"),
    ("author_name", "", "empty"),
    ("author_name", "   \t ", "blank"),
    ("author_name", "n" * 81, "too long"),
    ("author_name", 42, "wrong type"),
    ("author_name", "bad\x00name", "null character"),
    ("author_email", None, "missing"),
    ("author_email", "", "empty"),
    ("author_email", "not-an-email", "invalid"),
    ("author_email", "a@" + "b" * 250 + ".org", "too long"),
    ("author_email", ["layla@example.org"], "wrong type"),
    ("body", None, "missing"),
    ("body", "", "empty"),
    ("body", " \n\n ", "blank"),
    ("body", "x" * 5001, "too long"),
    ("body", {"text": "hi"}, "wrong type"),
    ("parent_id", "abc", "wrong type"),
    ("parent_id", 1.5, "fractional"),
    ("parent_id", 0, "not positive"),
]


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        ("field", "value", "why"), BAD_FIELDS, ids=[f"{f}-{w}" for f, _, w in BAD_FIELDS]
    )
    def test_it_rejects_a_bad_field_naming_it_and_stores_nothing(
        self, post_json, article, field, value, why
    ):
        data = {k: v for k, v in VALID.items() if k != field}
        if value is not None:
            data[field] = value
        before = Comment.objects.count()
        response = post_json(URL, data)
        assert response.status_code == 400, response.content
        body = response.json()
        assert list(body["errors"]) == [field]
        assert field in body["detail"]
        assert Comment.objects.count() == before

    @pytest.mark.parametrize("parent_state", ["pending", "rejected", "unknown", "other-article"])
    def test_it_refuses_a_parent_that_is_not_published_here(
        self, post_json, make_comment, other_article, parent_state
    ):
        parent_id = _reject_parent(parent_state, make_comment, other_article)
        before = Comment.objects.count()
        response = post_json(URL, {**VALID, "parent_id": parent_id})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["parent_id"]
        assert Comment.objects.count() == before

    @pytest.mark.parametrize("raw", ["{not json", '{"author_name": "Layla",', "\x00"])
    def test_it_rejects_a_malformed_json_body(self, post_json, article, raw):
        response = post_json(URL, raw)
        assert response.status_code == 400
        assert "body" in response.json()["detail"].lower()
        assert Comment.objects.count() == 0

    @pytest.mark.parametrize("raw", ["", "[]", "null", '"a comment"'])
    def test_a_body_that_is_not_an_object_is_not_blamed_on_the_comment_field(
        self, post_json, article, raw
    ):
        response = post_json(URL, raw)
        assert response.status_code == 400
        errors = response.json()["errors"]
        # The comment's own field is called "body": an empty request must not read as
        # "the comment is missing" alone.
        assert set(errors) - {"body"}, errors
        assert Comment.objects.count() == 0

    def test_it_refuses_a_comment_on_a_closed_article(self, post_json, article):
        article.comments_open = False
        article.save()
        response = post_json(URL, VALID)
        assert response.status_code == 400
        assert "closed" in response.json()["detail"].lower()
        assert Comment.objects.count() == 0
