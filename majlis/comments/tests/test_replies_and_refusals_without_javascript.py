"""Without JavaScript: a reply's form stands under the comment it answers, saying whom it
answers, and a refused post comes back with the reader's words kept and the errors named."""

from __future__ import annotations

import re
import time

import pytest
from django.core import signing

from majlis.comments.forms import _SALT
from majlis.comments.models import Comment

PAGE = "/articles/bridge-repairs/"
URL = "/articles/bridge-repairs/comments/"


def _form_position(html: str) -> int:
    return html.index('<form method="post"')


def _replying_line(html: str) -> str:
    return re.search(r'<p class="replying" data-replying[^>]*>.*?</p>', html, re.S).group(0)


def _value(html: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
    value = re.search(r'value="([^"]*)"', found)
    return value.group(1) if value else ""


@pytest.mark.django_db
class TestTheReplyForm:
    def test_it_stands_under_the_comment_it_answers_saying_whom(self, client, make_comment):
        first = make_comment("First.", author_name="Omar", status="approved")
        second = make_comment("Second.", author_name="Zînê", status="approved")
        html = client.get(PAGE, {"reply": first.pk}).content.decode()
        form = _form_position(html)
        assert html.index(f'id="comment-{first.pk}"') < form
        assert form < html.index(f'id="comment-{second.pk}"')
        assert html.count('<form method="post"') == 1
        line = _replying_line(html)
        assert "hidden" not in line.split(">")[0]
        assert re.search(r"Replying to <span data-replying-to dir=\"auto\">Omar</span>", line)
        # Cancel is a plain link back to the foot of the thread.
        assert f'href="{PAGE}#comment-form"' in line
        assert f'name="parent_id" value="{first.pk}"' in html
        # Every list the loop opens, it still closes.
        assert html.count('<li class="comment"') == html.count("</li>")

    def test_it_stands_before_the_comments_replies(self, client, make_comment):
        parent = make_comment("Parent.", status="approved")
        reply = make_comment("A reply.", parent=parent, status="approved")
        html = client.get(PAGE, {"reply": parent.pk}).content.decode()
        assert html.index(f'id="comment-{parent.pk}"') < _form_position(html)
        assert _form_position(html) < html.index(f'id="comment-{reply.pk}"')

    def test_without_a_reply_the_form_is_at_the_foot_and_says_nothing(self, client, make_comment):
        comment = make_comment("Only.", status="approved")
        html = client.get(PAGE).content.decode()
        assert html.index(f'id="comment-{comment.pk}"') < html.index('id="respond"')
        assert html.index('id="respond"') < _form_position(html)
        assert "hidden" in _replying_line(html).split(">")[0]

    @pytest.mark.parametrize("state", ["pending", "rejected"])
    def test_an_unpublished_parent_is_not_offered(self, client, make_comment, state):
        held = make_comment("Held.", status=state)
        html = client.get(PAGE, {"reply": held.pk}).content.decode()
        assert 'name="parent_id" value=""' in html
        assert "Held." not in html

    def test_a_reply_to_a_comment_of_another_page_keeps_its_page(
        self, client, make_comment, settings, fields
    ):
        settings.MAJLIS = {**settings.MAJLIS, "THREAD_PAGE_SIZE": 1}
        make_comment("On page one.", status="approved")
        later = make_comment("On page two.", author_name="Omar", status="approved")
        html = client.get(PAGE, {"page": 2, "reply": later.pk}).content.decode()
        assert f'action="{URL}?page=2"' in html
        # Refused, it comes back on page two, under the same comment.
        response = client.post(f"{URL}?page=2", fields(body="", parent_id=str(later.pk)))
        html = response.content.decode()
        assert response.status_code == 400
        assert html.index(f'id="comment-{later.pk}"') < _form_position(html)
        assert "Omar" in _replying_line(html)

    def test_a_refused_reply_whose_parent_is_not_on_the_page_still_names_it(
        self, client, make_comment, settings, fields
    ):
        settings.MAJLIS = {**settings.MAJLIS, "THREAD_PAGE_SIZE": 1}
        make_comment("On page one.", status="approved")
        later = make_comment("On page two.", author_name="Omar", status="approved")
        response = client.post(URL, fields(body="", parent_id=str(later.pk)))
        html = response.content.decode()
        assert "Omar" in _replying_line(html)
        assert f'name="parent_id" value="{later.pk}"' in html


@pytest.fixture
def fields(article):
    """What a reader's browser sends: the fields plus the page's signed token."""

    def make(**more) -> dict:
        return {
            "author_name": "Layla",
            "author_email": "layla@example.org",
            "body": "Six weeks is a long time without the bridge.",
            "parent_id": "",
            "website": "",
            "token": signing.dumps({"article": article.pk, "n": "x"}, salt=_SALT),
            **more,
        }

    return make


@pytest.mark.django_db
class TestARefusedPostKeepsTheForm:
    def _kept(self, html: str, body: str = "Six weeks is a long time without the bridge."):
        assert _value(html, "author_name") == "Layla"
        assert _value(html, "author_email") == "layla@example.org"
        assert re.search(rf"<textarea[^>]*>\s*{re.escape(body)}</textarea>", html)

    def test_bad_fields_are_named_marked_invalid_and_the_rest_kept(self, client, fields):
        response = client.post(URL, fields(author_email="not-an-address"))
        assert response.status_code == 400
        html = response.content.decode()
        assert _value(html, "author_email") == "not-an-address"
        assert _value(html, "author_name") == "Layla"
        email = re.search(r'<input[^>]*name="author_email"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in email
        described = re.search(r'aria-describedby="([^"]+)"', email).group(1).split()
        assert "id_author_email_error" in described
        error = re.search(r'<div class="error" id="id_author_email_error"[^>]*>([^<]*)</div>', html)
        assert error.group(1) == "Please give a valid email address."
        name = re.search(r'<input[^>]*name="author_name"[^>]*>', html).group(0)
        assert "aria-invalid" not in name
        assert Comment.objects.count() == 0

    def test_an_empty_comment_is_named_and_the_name_and_email_kept(self, client, fields):
        response = client.post(URL, fields(body="   "))
        assert response.status_code == 400
        html = response.content.decode()
        assert _value(html, "author_name") == "Layla"
        assert "Please write a comment." in html

    def test_a_flood_answers_429_with_the_message_and_the_words_kept(
        self, client, fields, settings
    ):
        settings.MAJLIS = {**settings.MAJLIS, "RATE_PER_EMAIL": "1/m"}
        assert client.post(URL, fields(body="The first.")).status_code == 303
        response = client.post(URL, fields(body="The second, refused."))
        assert response.status_code == 429
        assert response["Retry-After"]
        html = response.content.decode()
        assert re.search(r'<span class="error">[^<]*(wait|Too many)[^<]*</span>', html)
        self._kept(html, "The second, refused.")
        assert Comment.objects.count() == 1

    def test_a_form_too_old_keeps_the_words_and_posts_on_the_next_try(
        self, client, fields, article, monkeypatch
    ):
        served = time.time() - 3 * 60 * 60  # older than the form's two hours
        with monkeypatch.context() as clock:
            clock.setattr(signing.time, "time", lambda: served)
            stale = fields(token=signing.dumps({"article": article.pk, "n": "x"}, salt=_SALT))
        response = client.post(URL, stale)
        assert response.status_code == 400
        html = response.content.decode()
        assert "This form is too old." in html
        self._kept(html)
        # The form shown again carries a fresh token: sending it as it is now works.
        again = {**stale, "token": _value(html, "token")}
        assert again["token"] != stale["token"]
        assert client.post(URL, again).status_code == 303
        assert Comment.objects.count() == 1

    def test_closed_meanwhile_says_so_and_gives_the_text_back(self, client, fields, article):
        article.comments_open = False
        article.save()
        response = client.post(URL, fields())
        assert response.status_code == 400
        html = response.content.decode()
        assert "Comments are closed on this article." in html
        assert re.search(
            r"<textarea[^>]*readonly>Six weeks is a long time without the bridge.</textarea>", html
        )
        assert '<form method="post"' not in html
        assert Comment.objects.count() == 0
