"""A reader and a moderator in a real browser: Playwright driving Debian's Chromium.

The whole round trip of a comment: posted from the article page without a reload, approved
(or rejected) on the desk with the keyboard alone, then published (or not) on the article.
Skipped where Chromium is absent, unless MAJLIS_REQUIRE_BROWSER=1 (CI) makes that a failure.
No browser is ever downloaded: Playwright drives the system's Chromium.
"""

from __future__ import annotations

import re

import pytest

from majlis.comments.models import Comment, Decision, Status
from majlis.reports.models import Report
from majlis.tests.browsing import VIOLATIONS, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so, as a skip or (in CI) a failure
    expect = None

pytestmark = pytest.mark.browser


def post_comment(page, article, body: str) -> Comment:
    """Post a comment through the article's form; the page must not reload."""
    page.goto(article.get_absolute_url())
    page.evaluate("window.__samePage = true")
    page.get_by_label("Name").fill("Layla")
    page.get_by_label("Email").fill("layla@example.org")
    page.get_by_label("Comment", exact=True).fill(body)
    page.get_by_role("button", name="Post comment").click()
    notice = page.locator("[data-notice]")
    notice.get_by_text("awaits moderation").wait_for()
    assert page.evaluate("window.__samePage") is True, "posting reloaded the page"
    assert page.get_by_label("Comment", exact=True).input_value() == ""
    return Comment.objects.get(body=body)


def go_to(page, comment: Comment) -> None:
    """Walk the queue with j and k until the comment is the current item."""
    current = page.locator(".queue-item.current")
    ids = page.locator("[data-comment]").evaluate_all("els => els.map(e => e.dataset.comment)")
    target = ids.index(str(comment.pk))
    expect(current).to_have_count(1)
    # Down past it and back up: both keys are exercised on the way.
    for _ in range(min(target + 1, len(ids) - 1)):
        page.keyboard.press("j")
    if target < len(ids) - 1:
        page.keyboard.press("k")
    expect(current).to_have_attribute("data-comment", str(comment.pk))


def test_a_comment_posted_without_reload_is_approved_from_the_keyboard_and_published(
    page, article, make_comment, moderator
):
    make_comment("An earlier comment about the bridge.", author_email="one@example.org")
    make_comment("Another earlier comment.", author_email="two@example.org")
    body = "Six weeks is long; will the ferry run more often?"

    comment = post_comment(page, article, body)
    assert comment.status == Status.PENDING
    assert page.locator(".comments").get_by_text(body).count() == 0

    desk = page.context.new_page()
    sign_in(desk, moderator)
    go_to(desk, comment)
    desk.keyboard.press("a")
    desk.locator(f"#q-{comment.pk}").wait_for(state="detached")

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    page.reload()
    published = page.locator(f"#comment-{comment.pk}")
    published.get_by_text(body).wait_for()
    assert published.locator(".author").inner_text() == "Layla"
    assert "layla@example.org" not in page.content()


def test_a_rejection_from_the_keyboard_logs_its_category_and_publishes_nothing(
    page, article, make_comment, moderator
):
    make_comment("A comment that stays in the queue.", author_email="one@example.org")
    body = "Cheap watches at my shop, follow the link!"
    comment = post_comment(page, article, body)

    desk = page.context.new_page()
    sign_in(desk, moderator)
    go_to(desk, comment)
    item = desk.locator(f"#q-{comment.pk}")
    desk.keyboard.press("r")
    expect(item.locator("[data-reasons]")).to_have_class(re.compile(r"\bactive\b"))
    desk.keyboard.press("7")  # the seventh category: promotion
    expect(item.get_by_label(re.compile("Promotion"))).to_be_checked()
    desk.keyboard.press("Enter")
    item.wait_for(state="detached")

    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    decision = Decision.objects.get(comment=comment)
    assert (decision.verdict, decision.categories, decision.moderator) == (
        "reject",
        ["promotion"],
        moderator,
    )
    page.reload()
    page.locator("#comments").wait_for()
    assert page.get_by_text(body).count() == 0


def test_text_size_buttons_change_the_size_and_it_is_remembered(page, article):
    page.goto(article.get_absolute_url())
    size = "() => parseFloat(getComputedStyle(document.querySelector('.article .body')).fontSize)"
    normal = page.evaluate(size)

    page.get_by_role("button", name="Larger text").click()
    page.get_by_role("button", name="Larger text").click()
    page.wait_for_function(f"({size})() > {normal}")
    larger = page.evaluate(size)

    page.reload()
    page.wait_for_function(f"({size})() === {larger}")
    assert page.evaluate("localStorage.getItem('majlis.textScale')") is not None

    page.get_by_role("button", name="Smaller text").click()
    page.wait_for_function(f"({size})() < {larger}")


def test_without_javascript_the_form_posts_and_the_page_says_it_awaits_moderation(
    new_page, article
):
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    assert page.locator("[data-text-size]").is_hidden()
    page.get_by_label("Name").fill("Omar")
    page.get_by_label("Email").fill("omar@example.org")
    page.get_by_label("Comment", exact=True).fill("Posted the old way, with a reload.")
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"\?posted=\d+"))
    assert "awaits moderation" in page.locator("[data-notice]").inner_text()
    assert Comment.objects.get(author_name="Omar").status == Status.PENDING


@pytest.fixture
def long_thread(make_comment, settings):
    """Five threads, two to a page; the fourth has a reply."""
    settings.MAJLIS = {**settings.MAJLIS, "THREAD_PAGE_SIZE": 2}
    made = [make_comment(f"Thread number {n}.", status="approved") for n in range(5)]
    reply = make_comment("A reply on a later page.", status="approved", parent=made[3])
    return made, reply


def test_load_more_appends_the_next_pages_without_a_reload(page, article, long_thread):
    made, reply = long_thread
    page.goto(article.get_absolute_url())
    page.evaluate("window.__samePage = true")
    items = page.locator("[data-thread] > li")
    expect(items).to_have_count(2)
    assert page.get_by_role("link", name="Newer comments").is_hidden()
    more = page.get_by_role("button", name="Load more comments")
    more.click()
    expect(items).to_have_count(4)
    page.locator(f"#comment-{reply.pk}").get_by_text("A reply on a later page.").wait_for()
    more.click()
    expect(items).to_have_count(5)
    expect(more).to_have_count(0)
    assert page.evaluate("window.__samePage") is True, "loading more reloaded the page"
    # A reply link that came with a later page still opens the form as a reply.
    page.locator(f"#comment-{made[3].pk} > article .reply").click()
    expect(page.locator("[data-replying]")).to_be_visible()
    assert page.locator("[data-parent]").input_value() == str(made[3].pk)


def test_without_javascript_plain_links_page_through_the_comments(new_page, article, long_thread):
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Newer comments").click()
    page.wait_for_url(re.compile(r"\?page=2"))
    assert page.get_by_text("Thread number 2.").count() == 1
    assert page.get_by_text("Thread number 0.").count() == 0
    page.get_by_role("link", name="Older comments").click()
    page.get_by_text("Thread number 0.").wait_for()


def test_no_page_breaks_the_content_security_policy(new_page, article, make_comment, admin_user):
    make_comment("A comment to moderate.")
    page = new_page()
    page.add_init_script(VIOLATIONS)
    pages = [article.get_absolute_url(), "/", "/api/v1/docs"]
    for url in pages:
        page.goto(url)
        if url == "/api/v1/docs":
            # The documentation is a script-built page: it must have built itself.
            page.locator(".opblock").first.wait_for()
        assert page.evaluate("window.__violations") == [], url
    sign_in_page = page
    sign_in_page.goto("/admin/login/?next=/admin/articles/article/add/")
    sign_in_page.get_by_label("Username").fill(admin_user.username)
    sign_in_page.get_by_label("Password").fill("correct horse battery")
    sign_in_page.get_by_role("button", name="Log in").click()
    sign_in_page.locator("#article_form").wait_for()
    assert page.evaluate("window.__violations") == [], "admin"
    for url in ("/desk/", "/desk/log/", "/desk/reported/"):
        page.goto(url)
        assert page.evaluate("window.__violations") == [], url


def test_a_reader_reports_a_comment_in_place_and_the_desk_upholds_it(
    page, article, make_comment, moderator
):
    comment = make_comment("The mayor is a thief and I know where he lives.", status="approved")
    page.goto(article.get_absolute_url())
    page.evaluate("window.__samePage = true")
    published = page.locator(f"#comment-{comment.pk}")
    published.get_by_role("link", name="Report").click()
    form = published.locator("[data-report-form]")
    expect(form.locator("[data-notice-fields]")).to_be_hidden()
    form.get_by_role("radio", name=re.compile("^Illegal content")).check()
    expect(form.locator("[data-notice-fields]")).to_be_visible()
    form.get_by_role("button", name="Send report").click()
    expect(form.locator('[data-error-for="good_faith"]')).to_contain_text("good faith")
    assert not Report.objects.exists()

    form.get_by_role("radio", name="Threat").check()
    form.get_by_role("textbox", name="Details").fill("A threat against the mayor.")
    form.get_by_role("button", name="Send report").click()
    published.get_by_text("Your report has been received").wait_for()
    assert page.evaluate("window.__samePage") is True, "reporting reloaded the page"
    report = Report.objects.get()
    assert (report.comment, report.reason) == (comment, "threat")

    desk = page.context.new_page()
    sign_in(desk, moderator)
    desk.goto("/desk/reported/")
    item = desk.locator(f"#q-{comment.pk}")
    expect(item).to_contain_text("A threat against the mayor.")
    expect(item.get_by_label(re.compile("Threat"))).to_be_checked()  # the most reported
    desk.keyboard.press("r")
    desk.keyboard.press("Enter")
    item.wait_for(state="detached")
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert Decision.objects.filter(comment=comment, verdict="reject").get().categories == ["threat"]
    page.reload()
    page.locator("#comments").wait_for()
    assert page.get_by_text("I know where he lives").count() == 0


def test_without_javascript_the_report_link_opens_a_form_that_posts(
    new_page, article, make_comment
):
    comment = make_comment("Buy cheap watches at my shop.", status="approved")
    page = new_page(java_script_enabled=False)
    page.goto(article.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Report").click()
    page.wait_for_url(re.compile(rf"/comments/{comment.pk}/report/$"))
    page.get_by_role("radio", name="Promotion").check()
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(re.compile(r"\?sent=1"))
    assert "Your report has been received" in page.locator("[data-report-sent]").inner_text()
    assert Report.objects.get().reason == "promotion"
