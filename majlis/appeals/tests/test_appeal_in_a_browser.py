"""An appeal in Chromium (the fixtures of majlis/tests/browsing.py): the rejection mail's link
opens the page, the commenter asks for a second look, and another moderator publishes the
comment from the desk's Appeals page, while the one who rejected it may not."""

from __future__ import annotations

import re

import pytest

from majlis.appeals.models import Appeal
from majlis.comments import actions
from majlis.comments.models import Status
from majlis.tests.browsing import DESKTOP, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so
    expect = None

pytestmark = pytest.mark.browser

BODY = "The council's plan is wrong: the ferry cannot carry the market's trucks."
NOTE = "It criticises a plan, not a person; please read it again."


def test_a_commenter_appeals_from_the_mail_and_another_moderator_publishes_it(
    new_page, article, make_comment, moderator, second_moderator, outbox, committed, screenshot
):
    comment = make_comment(BODY)
    with committed():  # the worker sends the rejection mail
        actions.reject(comment, actor=moderator, categories=["personal_attack"])
    (link,) = re.findall(r"https?://[^/\s]+(/appeal/\S+/)", outbox[0].body)

    reader = new_page(viewport=DESKTOP)
    reader.goto(link)
    expect(reader.locator("main blockquote")).to_have_text(BODY)
    reader.get_by_role("textbox").fill(NOTE)
    screenshot(reader, "appeal")
    reader.get_by_role("button", name="Send the appeal").click()
    expect(reader.locator("main")).to_contain_text("Your appeal has been received.")
    assert Appeal.objects.get().note == NOTE
    # Once only: the link now says it was received, with no form.
    reader.goto(link)
    expect(reader.get_by_role("textbox")).to_have_count(0)

    rejecter = new_page(viewport=DESKTOP)
    sign_in(rejecter, moderator)
    rejecter.get_by_role("link", name="Appeals").click()
    mine = rejecter.locator(f"[data-appeal='{Appeal.objects.get().pk}']")
    expect(mine).to_contain_text(NOTE)
    expect(mine.locator(".warning")).to_contain_text("another moderator decides")
    expect(mine.get_by_role("button", name="Publish it")).to_have_count(0)

    other = new_page(viewport=DESKTOP)
    sign_in(other, second_moderator)
    other.get_by_role("link", name="Appeals").click()
    appeal = other.locator(f"[data-appeal='{Appeal.objects.get().pk}']")
    expect(appeal).to_contain_text("Personal attack")
    screenshot(other, "desk-appeals")
    appeal.get_by_role("button", name="Publish it").click()
    expect(other.locator(".messages")).to_contain_text("Appeal decided")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.decisions.latest("pk").moderator == second_moderator

    reader.goto(article.get_absolute_url())
    expect(reader.locator(f"#comment-{comment.pk} .comment-body")).to_have_text(BODY)
