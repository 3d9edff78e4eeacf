"""The article page's Report link: a small form page that works without JavaScript, and
answers the page's script in JSON."""

from __future__ import annotations

import re

import pytest
from django.core import signing

from majlis.reports.forms import _SALT
from majlis.reports.models import Report
from majlis.reports.views import READER_COOKIE

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def url(comment) -> str:
    return f"/comments/{comment.pk}/report/"


def served(client, comment) -> dict:
    """The token of the form as the page serves it."""
    page = client.get(url(comment)).content.decode()
    return {"token": re.search(r'name="token" value="([^"]+)"', page)[1]}


class TestTheLinkAndTheForm:
    def test_every_published_comment_has_a_report_link(self, client, published):
        page = client.get("/articles/bridge-repairs/").content.decode()
        assert f'href="/comments/{published.pk}/report/"' in page

    def test_the_cached_page_sets_no_cookie(self, client, published):
        response = client.get("/articles/bridge-repairs/")
        assert READER_COOKIE not in response.cookies

    def test_the_form_page_shows_the_comment_and_the_reasons(self, client, published):
        response = client.get(url(published))
        page = response.content.decode()
        assert response.status_code == 200
        assert "the council is lying" in page
        assert 'value="illegal"' in page
        assert 'value="threat"' in page
        assert "Digital Services Act" in page
        assert "private" in response["Cache-Control"]

    def test_it_gives_the_reader_an_id_for_the_report_pages_only(self, client, published):
        cookie = client.get(url(published)).cookies[READER_COOKIE]
        assert cookie["path"] == "/comments/"
        assert cookie["httponly"]

    def test_it_speaks_the_articles_language(self, client, published, article):
        article.language = "ar"
        article.save()
        response = client.get(url(published), HTTP_ACCEPT_LANGUAGE="en")
        assert '<html lang="ar" dir="rtl">' in response.content.decode()


class TestWithoutJavaScript:
    def test_a_report_redirects_to_a_thank_you(self, client, published):
        response = client.post(url(published), {"reason": "threat", **served(client, published)})
        assert response.status_code == 303
        assert response["Location"] == f"{url(published)}?sent=1"
        thanks = client.get(response["Location"]).content.decode()
        assert "Your report has been received" in thanks
        assert Report.objects.get().reason == "threat"

    def test_the_same_browser_reports_once(self, client, published):
        for reason in ("threat", "profanity"):
            client.post(url(published), {"reason": reason, **served(client, published)})
        assert Report.objects.get().reason == "threat"

    def test_another_browser_at_the_same_address_reports_too(self, client, published):
        client.post(url(published), {"reason": "threat", **served(client, published)})
        client.cookies.clear()
        client.post(url(published), {"reason": "threat", **served(client, published)})
        assert Report.objects.count() == 2

    def test_errors_show_on_the_form(self, client, published):
        data = {"reason": "illegal", **served(client, published)}
        response = client.post(url(published), data)
        page = response.content.decode()
        assert response.status_code == 400
        assert "Please explain why this comment is illegal." in page
        assert "needs your statement of good faith" in page
        assert not Report.objects.exists()

    def test_a_form_not_served_here_is_refused(self, client, published, make_comment):
        other = make_comment("Another.", status="approved")
        forged = signing.dumps({"comment": other.pk}, salt=_SALT)
        response = client.post(url(published), {"reason": "threat", "token": forged})
        assert response.status_code == 400
        assert "another comment" in response.content.decode()
        missing = client.post(url(published), {"reason": "threat"})
        assert missing.status_code == 400
        assert not Report.objects.exists()

    @pytest.mark.parametrize("status", ["pending", "rejected"])
    def test_an_unpublished_comment_cannot_be_reported(self, client, make_comment, status):
        comment = make_comment(status=status)
        response = client.get(url(comment))
        assert response.status_code == 409
        assert "Only published comments can be reported" in response.content.decode()
        assert "A fair point" not in response.content.decode()
        posted = client.post(url(comment), {"reason": "threat"})
        assert posted.status_code == 409
        assert not Report.objects.exists()

    def test_an_unknown_comment_is_a_404(self, client, db):
        assert client.get("/comments/999/report/").status_code == 404


class TestWithJavaScript:
    def test_a_report_answers_202_in_json(self, client, published):
        data = {"reason": "off_topic", **served(client, published)}
        response = client.post(url(published), data, **JSON)
        assert response.status_code == 202
        assert "Your report has been received" in response.json()["message"]

    def test_errors_name_their_fields(self, client, published):
        data = {"reason": "illegal", "note": "It is a crime.", **served(client, published)}
        response = client.post(url(published), data, **JSON)
        assert response.status_code == 400
        assert set(response.json()["errors"]) == {"notifier_name", "notifier_email", "good_faith"}

    def test_a_notice_keeps_the_email_off_the_public_answer(self, client, published):
        data = {
            "reason": "illegal",
            "note": "It is a crime.",
            "notifier_name": "Sara",
            "notifier_email": "sara@example.org",
            "good_faith": "on",
            **served(client, published),
        }
        response = client.post(url(published), data, **JSON)
        assert response.status_code == 202
        assert "sara@example.org" not in response.content.decode()
        assert Report.objects.get().notifier_email == "sara@example.org"
