"""One definition of a valid comment for the page and the API: names and comments that show
nothing, and addresses no mail could reach, are refused in both."""

from __future__ import annotations

import pytest

from majlis.comments.forms import CommentFields
from majlis.comments.models import Comment

INVISIBLE = [
    "\u200b\u200b",  # zero-width spaces
    "\u200e\u200f\u202e",  # bidi marks and an override
    "\u2066\u2069",  # bidi isolates
    "\u00ad\u2060\ufeff",  # soft hyphen, word joiner, BOM
    "\u3164\u115f",  # Hangul fillers
    "\u2800",  # Braille blank
    " \u200d\t\u00a0\u3000",  # ZWJ among spaces
]
BAD_EMAILS = [
    "a" * 65 + "@example.org",  # more than 64 before the @
    "user@localhost",  # no dot: not a mail domain on the internet
    "user@example",
    "user@example.local",  # special-use name
    "user@[127.0.0.1]",  # an address literal
    "user@example.123",  # no real top-level label
    "user@ex_ample.org",
    "a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 57 + ".org",  # > 254
]
GOOD_EMAILS = ["a" * 64 + "@example.org", "layla@bücher.de", "x@xn--bcher-kva.de", "o'neil@a.io"]


def _form(article, **fields):
    data = {"author_name": "Layla", "author_email": "layla@example.org", "body": "Fine.", **fields}
    return CommentFields(data, article=article)


@pytest.mark.django_db
class TestCommentFields:
    @pytest.mark.parametrize("text", INVISIBLE)
    @pytest.mark.parametrize("field", ["author_name", "body"])
    def test_a_name_or_comment_of_invisible_characters_is_refused(self, article, field, text):
        form = _form(article, **{field: text})
        assert not form.is_valid()
        assert list(form.errors) == [field]

    def test_visible_text_around_invisible_characters_is_kept(self, article):
        form = _form(article, author_name="\u200bLayla\u200f", body="می\u200cخوام")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["body"] == "می\u200cخوام"

    @pytest.mark.parametrize("email", BAD_EMAILS)
    def test_an_address_no_mail_could_reach_is_refused(self, article, email):
        form = _form(article, author_email=email)
        assert not form.is_valid()
        assert list(form.errors) == ["author_email"]

    @pytest.mark.parametrize("email", GOOD_EMAILS)
    def test_ordinary_and_international_addresses_are_taken(self, article, email):
        assert _form(article, author_email=email).is_valid()


@pytest.mark.django_db
class TestFromThePage:
    @pytest.mark.parametrize("field", ["author_name", "author_email", "body", "token"])
    def test_a_nul_in_a_field_is_400_naming_it(self, client, form_data, field):
        response = client.post(
            "/articles/bridge-repairs/comments/",
            form_data(**{field: "La\x00yla"}),
            HTTP_ACCEPT="application/json",
        )
        assert response.status_code == 400
        assert list(response.json()["errors"]) == [field]
        assert Comment.objects.count() == 0
