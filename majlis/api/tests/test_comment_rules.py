"""The API takes a comment by the same rules as the page's form, and its integers strictly."""

from __future__ import annotations

import pytest

from majlis.comments.models import Comment
from majlis.comments.tests.test_comment_fields import BAD_EMAILS

URL = "/api/v1/articles/bridge-repairs/comments"
VALID = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Six weeks."}


@pytest.mark.django_db
class TestTheSameRulesInTheApi:
    @pytest.mark.parametrize("field", ["author_name", "body"])
    def test_invisible_only_is_400(self, post_json, article, field):
        response = post_json(URL, {**VALID, field: "\u200b\u202e\u2060"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [field]
        assert Comment.objects.count() == 0

    @pytest.mark.parametrize("email", BAD_EMAILS[:3])
    def test_a_bad_address_is_400(self, post_json, article, email):
        response = post_json(URL, {**VALID, "author_email": email})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["author_email"]

    @pytest.mark.parametrize("parent_id", [True, False, "1", 1.5, 1.0, -1, 0, [1]])
    def test_parent_id_is_a_strict_positive_integer(self, post_json, make_comment, parent_id):
        # An approved comment whose id the sloppy forms would name (1, "1", 1.0, True).
        make_comment(status="approved")
        response = post_json(URL, {**VALID, "parent_id": parent_id})
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == ["parent_id"]
        assert Comment.objects.count() == 1
