"""The reader's page with its script, in a real browser (Chromium, with the fixtures of
majlis/tests/browsing.py): replies under their comment, in English and in Sorani, errors said
to assistive technology, A+ / A- over the whole reading column, and times kept current."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import translation
from django.utils.translation import gettext

from majlis.comments import actions
from majlis.comments.models import Comment, Status
from majlis.comments.views import awaiting_message
from majlis.tests.browsing import DESKTOP

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so
    expect = None

pytestmark = pytest.mark.browser

SIZE = "e => parseFloat(getComputedStyle(e).fontSize)"


def test_reply_moves_the_form_under_the_comment_and_back(page, article, make_comment):
    first = make_comment("The first thread.", author_name="Omar", status="approved")
    second = make_comment("The second thread.", status="approved")
    page.goto(article.get_absolute_url())
    page.evaluate("window.__samePage = true")
    page.locator(f"#comment-{first.pk} > article .reply").click()
    form = page.locator(f"#comment-{first.pk} > [data-respond] form")
    expect(form).to_be_visible()
    expect(form.locator("[data-replying]")).to_have_text(re.compile(r"Replying to\s+Omar"))
    expect(page.get_by_label("Comment", exact=True)).to_be_focused()
    # Under its comment, before the next thread.
    assert page.evaluate(
        f"""() => document.querySelector('#comment-{first.pk} [data-respond]')
              .compareDocumentPosition(document.getElementById('comment-{second.pk}'))
              & Node.DOCUMENT_POSITION_FOLLOWING"""
    )

    page.get_by_role("link", name="Cancel").click()
    expect(page.locator("[data-respond-home] form")).to_be_visible()
    expect(page.locator(f"#comment-{first.pk} > article .reply")).to_be_focused()
    assert page.locator("[data-parent]").input_value() == ""

    page.locator(f"#comment-{first.pk} > article .reply").click()
    page.get_by_label("Name").fill("Sara")
    page.get_by_label("Email").fill("sara@example.org")
    page.get_by_label("Comment", exact=True).fill("Agreed, Omar.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(f"#comment-{first.pk} > .notice")).to_contain_text("awaits moderation")
    expect(page.locator("[data-respond-home] form")).to_be_attached()
    assert Comment.objects.get(body="Agreed, Omar.").parent == first
    assert page.evaluate("window.__samePage") is True


def test_bad_fields_are_marked_invalid_and_the_first_takes_the_focus(page, article):
    page.goto(article.get_absolute_url())
    page.get_by_label("Name").fill("Layla")
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_role("button", name="Post comment").click()
    email = page.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_be_focused()
    described = email.get_attribute("aria-describedby").split()
    error = page.locator(f"#{described[-1]}")
    expect(error).to_have_text("Please give a valid email address.")
    body = page.get_by_label("Comment", exact=True)
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Name")).not_to_have_attribute("aria-invalid", "true")
    # Corrected, the marks go.
    email.fill("layla@example.org")
    body.fill("Now it is right.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("[data-notice]")).to_contain_text("awaits moderation")
    expect(email).not_to_have_attribute("aria-invalid", "true")


def test_a_page_refused_without_the_script_focuses_its_first_bad_field(
    new_page,
    article,
):
    plain = new_page(java_script_enabled=False)
    plain.goto(article.get_absolute_url())
    plain.get_by_label("Name").fill("Omar")
    plain.get_by_label("Email").fill("omar@example.org")
    plain.get_by_role("button", name="Post comment").click()
    # Without the script: the page came back with the words kept and the error named.
    expect(plain.get_by_label("Name")).to_have_value("Omar")
    expect(plain.get_by_text("Please write a comment.")).to_be_visible()
    html = plain.content()
    scripted = new_page()
    scripted.route(
        "**/*",
        lambda route: (
            route.fulfill(body=html, content_type="text/html")
            if route.request.resource_type == "document"
            else route.continue_()
        ),
    )
    scripted.goto(article.get_absolute_url())
    expect(scripted.get_by_label("Comment", exact=True)).to_be_focused()


def test_a_plus_scales_the_headline_and_the_form_shows_the_size_resets_and_persists(
    page,
    article,
):
    page.goto(article.get_absolute_url())
    headline = page.locator("h1")
    label = page.locator("label[for=id_body]")
    guidelines = page.locator(".guidelines")
    before = [el.evaluate(SIZE) for el in (headline, label, guidelines)]
    size = page.locator("[data-size]")
    expect(size).to_have_text(re.compile(r"^100\s?%$"))
    expect(page.get_by_role("button", name="Reset")).to_be_disabled()

    page.get_by_role("button", name="Larger text").click()
    expect(size).to_have_text(re.compile(r"^110\s?%$"))
    after = [el.evaluate(SIZE) for el in (headline, label, guidelines)]
    assert all(a > b for a, b in zip(after, before, strict=True)), (before, after)
    assert after[1] == pytest.approx(before[1] * 1.1, rel=0.02)

    page.reload()
    expect(page.locator("[data-size]")).to_have_text(re.compile(r"^110\s?%$"))
    assert page.locator("h1").evaluate(SIZE) == pytest.approx(after[0])

    page.get_by_role("button", name="Reset").click()
    expect(page.locator("[data-size]")).to_have_text(re.compile(r"^100\s?%$"))
    assert page.locator("label[for=id_body]").evaluate(SIZE) == pytest.approx(before[1])
    assert page.evaluate("localStorage.getItem('majlis.textScale')") == "1"


def test_the_size_reads_in_the_pages_language_right_to_left(page, make_comment):
    from majlis.articles.models import Article

    article = Article.objects.create(key="farsi", title="پل", language="fa", body="متن")
    page.goto(article.get_absolute_url())
    page.get_by_role("button", name="متن بزرگ‌تر").click()
    expect(page.locator("[data-size]")).to_have_text("۱۱۰٪")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The form lines up on the right: logical properties mirror it.
    assert page.locator(".comment-form").evaluate("e => getComputedStyle(e).direction") == "rtl"


def test_times_are_kept_current_by_the_script(page, article, make_comment):
    comment = make_comment("Said a while ago.", status="approved")
    # The reader's clock, five minutes after the comment: a page from a cache says less.
    page.clock.install(time=comment.created_at + timedelta(minutes=5, seconds=2))
    page.goto(article.get_absolute_url())
    time = page.locator(f"#comment-{comment.pk} time")
    expect(time).to_have_text("5 minutes ago")
    assert re.search(r"\d", time.get_attribute("title"))
    page.clock.run_for(60_000)
    expect(time).to_have_text("6 minutes ago")


@pytest.mark.parametrize("key", ["riverside-library-hours", "sulaimani-water-network"])
def test_the_demo_thread_shows_the_published_comments_with_replies_under_them(
    new_page, demo, key, screenshot
):
    article = demo[key]
    page = new_page(viewport=DESKTOP)
    page.goto(article.get_absolute_url())
    published = article.comments.filter(status=Status.APPROVED)
    for comment in published:
        shown = page.locator(f"#comment-{comment.pk} > article .comment-body")
        expect(shown).to_have_text(comment.body)
        if comment.parent_id:
            nested = page.locator(f"#comment-{comment.parent_id} #comment-{comment.pk}")
            expect(nested).to_be_visible()
    # Nothing waiting or rejected is shown.
    for comment in article.comments.exclude(status=Status.APPROVED):
        expect(page.locator(f"#comment-{comment.pk}")).to_have_count(0)
        assert comment.body not in page.content()
    rtl = article.language == "ckb"
    assert page.locator("html").get_attribute("dir") == ("rtl" if rtl else "ltr")
    with translation.override(article.language):
        expect(page.locator("#form-title")).to_have_text(gettext("Join the discussion"))
    # The article and its thread, down to the end of the thread.
    end = page.evaluate("document.getElementById('comments').getBoundingClientRect().bottom")
    clip = {"x": 0, "y": 0, "width": DESKTOP["width"], "height": end + 16}
    screenshot(page, f"article-{article.language}", full_page=True, clip=clip)


def test_a_reply_in_sorani_is_written_under_its_comment_and_published_under_it(
    new_page, demo, moderator, screenshot
):
    article = demo["sulaimani-water-network"]
    parent = article.comments.get(author_name="شیلان")
    page = new_page(viewport=DESKTOP)
    page.goto(article.get_absolute_url())
    page.evaluate("window.__samePage = true")
    page.locator(f"#comment-{parent.pk} > article .reply").click()
    form = page.locator(f"#comment-{parent.pk} > [data-respond] form")
    expect(form).to_be_visible()
    with translation.override("ckb"):
        replying, awaiting = gettext("Replying to"), awaiting_message()
    assert replying != "Replying to"
    expect(form.locator("[data-replying]")).to_contain_text(replying)
    expect(form.locator("[data-replying-to]")).to_have_text("شیلان")
    assert form.evaluate("e => getComputedStyle(e).direction") == "rtl"
    form.locator("#id_author_name").fill("ڕێباز")
    form.locator("#id_author_email").fill("rebaz@example.org")
    body = "خشتەکە لە ماڵپەڕی شارەوانی هەیە، بەڵام تەنها بۆ مانگی یەکەم."
    form.locator("#id_body").fill(body)
    page.evaluate(
        f"window.scrollTo(0, document.getElementById('comment-{parent.pk}').offsetTop - 16)"
    )
    screenshot(page, "reply-form-ckb")

    form.locator("button[type=submit]").click()
    expect(page.locator(f"#comment-{parent.pk} > .notice")).to_have_text(awaiting)
    assert page.evaluate("window.__samePage") is True
    reply = Comment.objects.get(body=body)
    assert (reply.parent, reply.status) == (parent, Status.PENDING)
    page.reload()
    expect(page.locator(f"#comment-{reply.pk}")).to_have_count(0)

    actions.approve(reply, actor=moderator)
    page.reload()
    shown = page.locator(f"#comment-{parent.pk} #comment-{reply.pk}")
    expect(shown.locator(".comment-body")).to_have_text(body)
    expect(shown.locator(".author")).to_have_text("ڕێباز")
    assert "rebaz@example.org" not in page.content()
