"""A reader's notice of illegal content, from the comment on the article page to the desk's
Reported queue, in Chromium (the fixtures of majlis/tests/browsing.py): the notice's fields
show for that reason only, the page acknowledges it in place, and a moderator dismisses it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from majlis.comments.models import Decision, Status
from majlis.reports.models import Outcome, Report
from majlis.reports.tests.conftest import NOTICE
from majlis.reports.tests.test_reporting_from_the_page import served, url
from majlis.tests.browsing import DESKTOP, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so
    expect = None

pytestmark = pytest.mark.browser

RECEIVED = "Thank you. Your report has been received: a moderator will look at this comment."


def report_from_another_reader(comment, reason: str, note: str = "") -> None:
    """A second reader's report, posted through the same form without the script."""
    reader = Client()
    fields = {**served(reader, comment), "reason": reason, "note": note}
    response = reader.post(url(comment), fields)
    assert response.status_code == 303, response.content


def test_a_notice_of_illegal_content_is_sent_from_the_page_and_dismissed_on_the_desk(
    new_page, article, make_comment, moderator, screenshot
):
    make_comment("Six weeks is too long for the market traders.", status="approved")
    comment = make_comment(
        "The councillor's neighbour, Karim S., was convicted of fraud last year.",
        status="approved",
    )
    report_from_another_reader(comment, "personal_attack", "An attack on a named person.")
    page = new_page(viewport=DESKTOP)
    page.goto(article.get_absolute_url())
    page.evaluate("window.__samePage = true")
    published = page.locator(f"#comment-{comment.pk}")
    published.get_by_role("link", name="Report").click()
    form = published.locator("[data-report-form]")
    notice_fields = form.locator("[data-notice-fields]")
    expect(notice_fields).to_be_hidden()
    form.get_by_role("radio", name=re.compile("^Illegal content")).check()
    expect(notice_fields).to_be_visible()

    # Each of the notice's fields is required, and said so, before anything is stored.
    form.get_by_role("button", name="Send report").click()
    for field in ("note", "notifier_name", "notifier_email", "good_faith"):
        expect(form.locator(f'[data-error-for="{field}"]')).not_to_be_empty()
    assert Report.objects.filter(reason="illegal").count() == 0

    # A fresh page, for the picture of the form as a notifier fills it in.
    page.reload()
    page.evaluate("window.__samePage = true")
    published.get_by_role("link", name="Report").click()
    form.get_by_role("radio", name=re.compile("^Illegal content")).check()
    form.get_by_role("textbox", name=re.compile("^Details")).fill(NOTICE["note"])
    form.get_by_label("Your name").fill(NOTICE["notifier_name"])
    form.get_by_label("Your email").fill(NOTICE["notifier_email"])
    form.get_by_role("checkbox", name=re.compile("I believe in good faith")).check()
    published.scroll_into_view_if_needed()
    screenshot(published, "report-form")
    form.get_by_role("button", name="Send report").click()
    expect(published.locator(".notice")).to_have_text(RECEIVED)
    assert page.evaluate("window.__samePage") is True, "reporting reloaded the page"
    notice = Report.objects.get(reason="illegal")
    assert (notice.comment, notice.note, notice.notifier_email, notice.good_faith) == (
        comment,
        NOTICE["note"],
        NOTICE["notifier_email"],
        True,
    )
    # The notifier's address is for the moderators only.
    page.reload()
    assert NOTICE["notifier_email"] not in page.content()

    desk = new_page(viewport=DESKTOP)
    sign_in(desk, moderator)
    desk.get_by_role("link", name=re.compile("^Reported")).first.click()
    item = desk.locator(f"#q-{comment.pk}")
    expect(item).to_have_class(re.compile(r"\bdsa-notice\b"))
    expect(item.locator("[data-dsa-notice]")).to_contain_text("Digital Services Act")
    expect(item.locator(".reason-counts")).to_contain_text("2 open reports")
    expect(item.locator(".notifier")).to_contain_text(NOTICE["notifier_email"])
    expect(item).to_contain_text("An attack on a named person.")
    screenshot(desk, "desk-reported")

    item.get_by_role("button", name=re.compile("^Dismiss")).click()
    item.wait_for(state="detached")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert not Decision.objects.filter(comment=comment, verdict="reject").exists()
    outcomes = {r.resolution.outcome for r in Report.objects.filter(comment=comment)}
    assert outcomes == {Outcome.DISMISSED}
    page.reload()
    expect(page.locator(f"#comment-{comment.pk} .comment-body")).to_have_text(comment.body)
