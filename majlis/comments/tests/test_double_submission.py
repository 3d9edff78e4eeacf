"""A form sent twice (a double click, a retried request, a reload that re-posts) stores one
comment: the served token and the text identify the submission."""

from __future__ import annotations

import pytest

from majlis.comments.models import Comment

URL = "/articles/bridge-repairs/comments/"
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.mark.django_db
class TestTheFormPostedTwice:
    def test_without_javascript_both_posts_thank_for_one_comment(self, client, form_data):
        data = form_data()
        first = client.post(URL, data)
        again = client.post(URL, data)
        assert first.status_code == again.status_code == 303
        assert first["Location"] == again["Location"]
        assert Comment.objects.count() == 1

    def test_with_javascript_both_answers_carry_one_id(self, client, form_data):
        data = form_data()
        first = client.post(URL, data, **JSON)
        again = client.post(URL, data, **JSON)
        assert first.status_code == again.status_code == 202
        assert first.json()["id"] == again.json()["id"]
        assert Comment.objects.count() == 1

    def test_another_text_from_the_same_form_is_another_comment(self, client, form_data):
        data = form_data()
        client.post(URL, data, **JSON)
        client.post(URL, {**data, "body": "And another thing."}, **JSON)
        assert Comment.objects.count() == 2

    def test_the_same_text_from_a_freshly_served_form_is_another_comment(self, client, form_data):
        # Saying the same thing twice on purpose is the moderators' call, not the form's.
        client.post(URL, form_data(), **JSON)
        page = client.get("/articles/bridge-repairs/").content.decode()
        token = page.split('name="token" value="')[1].split('"')[0]
        client.post(URL, form_data(token=token), **JSON)
        assert Comment.objects.count() == 2
