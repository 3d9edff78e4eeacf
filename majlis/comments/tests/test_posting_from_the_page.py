"""The article page's form, without JavaScript (a redirect) and with it (JSON)."""

from __future__ import annotations

import pytest

from majlis.comments.models import Comment

URL = "/articles/bridge-repairs/comments/"
JSON = {"HTTP_ACCEPT": "application/json"}
AWAITS = "awaits moderation"


@pytest.mark.django_db
class TestPostingWithoutJavaScript:
    def test_it_stores_the_comment_and_redirects_to_the_article(self, client, form_data):
        response = client.post(URL, form_data())
        comment = Comment.objects.get()
        assert (comment.status, comment.author_name, comment.author_email) == (
            "pending",
            "Layla",
            "layla@example.org",
        )
        assert response.status_code == 303
        assert response["Location"] == f"/articles/bridge-repairs/?posted={comment.pk}#comment-form"

    def test_the_page_it_lands_on_says_the_comment_awaits_moderation(self, client, form_data):
        response = client.post(URL, form_data(), follow=True)
        assert response.status_code == 200
        assert AWAITS in response.content.decode()
        # ...and the comment itself is not yet on the page.
        assert "Six weeks is a long time" not in response.content.decode()

    def test_the_thank_you_is_not_shown_for_another_articles_comment(self, client, article):
        assert AWAITS not in client.get("/articles/bridge-repairs/?posted=99").content.decode()

    def test_an_invalid_form_is_shown_again_with_errors_and_400(self, client, form_data):
        response = client.post(URL, form_data(author_email="nope"))
        assert response.status_code == 400
        assert "Please give a valid email address." in response.content.decode()
        assert Comment.objects.count() == 0


@pytest.mark.django_db
class TestPostingWithJavaScript:
    def test_it_answers_202_with_the_id_status_and_message(self, client, form_data):
        response = client.post(URL, form_data(), **JSON)
        assert response.status_code == 202
        comment = Comment.objects.get()
        data = response.json()
        assert data["id"] == comment.pk
        assert data["status"] == "pending"
        assert AWAITS in data["message"]

    def test_bad_fields_are_400_with_errors_by_field(self, client, form_data):
        response = client.post(URL, form_data(author_name=" ", author_email="x", body=""), **JSON)
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"author_name", "author_email", "body"}
        assert Comment.objects.count() == 0

    def test_the_message_speaks_the_articles_language(self, client, article, form_data):
        article.language = "tr"
        article.save()
        response = client.post(URL, form_data(), HTTP_ACCEPT_LANGUAGE="en", **JSON)
        assert response.status_code == 202
        assert AWAITS not in response.json()["message"]


@pytest.mark.django_db
class TestReplies:
    def test_a_reply_to_an_approved_comment_is_stored_under_it(
        self, client, form_data, make_comment
    ):
        parent = make_comment(status="approved")
        response = client.post(URL, form_data(parent_id=str(parent.pk)), **JSON)
        assert response.status_code == 202
        assert Comment.objects.get(pk=response.json()["id"]).parent == parent

    @pytest.mark.parametrize("state", ["pending", "rejected"])
    def test_a_reply_to_an_unpublished_comment_is_refused(
        self, client, form_data, make_comment, state
    ):
        parent = make_comment(status=state)
        response = client.post(URL, form_data(parent_id=str(parent.pk)), **JSON)
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["parent_id"]
        assert Comment.objects.count() == 1

    def test_a_reply_link_without_javascript_prefills_the_parent(self, client, make_comment):
        parent = make_comment(status="approved")
        page = client.get(f"/articles/bridge-repairs/?reply={parent.pk}").content.decode()
        assert f'name="parent_id" value="{parent.pk}"' in page

    @pytest.mark.parametrize("reply", ["²", "x", "-1", "99999999999999999999999"])
    def test_a_strange_reply_or_posted_parameter_is_ignored(self, client, article, reply):
        assert client.get("/articles/bridge-repairs/", {"reply": reply}).status_code == 200
        assert client.get("/articles/bridge-repairs/", {"posted": reply}).status_code == 200


@pytest.mark.django_db
class TestClosedArticles:
    def test_a_closed_article_refuses_comments(self, client, article, form_data):
        article.comments_open = False
        article.save()
        response = client.post(URL, form_data(), **JSON)
        assert response.status_code == 400
        assert "closed" in str(response.json()["errors"]).lower()
        assert Comment.objects.count() == 0
        page = client.get("/articles/bridge-repairs/").content.decode()
        assert "Comments are closed on this article." in page
        assert 'class="comment-form"' not in page

    def test_an_unknown_article_is_404(self, client, article, form_data):
        response = client.post("/articles/nope/comments/", form_data())
        assert response.status_code == 404
        assert Comment.objects.count() == 0

    def test_get_is_not_allowed(self, client, article):
        assert client.get(URL).status_code == 405
