"""The embed's reading aids in a real browser: A+ / A- over the whole thread with its size
shown, the reply form under its comment, errors said to assistive technology, and times in
the article's words (Chromium's Intl has no Sorani or Kurmanji: the server's words are used)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from majlis.articles.models import Article
from majlis.embed.tests.test_embed_in_a_browser import (  # noqa: F401
    approve,
    host,
    news,
    no_violations,
    snippet,
    story,
    submit,
    tab,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZE = "e => parseFloat(getComputedStyle(e).fontSize)"


def test_a_plus_scales_the_heading_and_the_form_and_shows_the_size(
    tab,  # noqa: F811
    host,  # noqa: F811
    live_server,
    story,  # noqa: F811
):
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))
    embed = tab.locator("#majlis-comments")
    heading = embed.get_by_role("heading", name="0 comments")
    label = embed.locator("label[for=majlis-body]")
    expect(heading).to_be_visible()
    before = [heading.evaluate(SIZE), label.evaluate(SIZE)]
    size = embed.locator(".text-size .size")
    expect(size).to_have_text(re.compile(r"^100\s?%$"))
    embed.get_by_role("button", name="Larger text").click()
    expect(size).to_have_text(re.compile(r"^110\s?%$"))
    after = [heading.evaluate(SIZE), label.evaluate(SIZE)]
    assert after[0] > before[0]
    assert after[1] == pytest.approx(before[1] * 1.1, rel=0.02)
    tab.reload()
    expect(embed.locator(".text-size .size")).to_have_text(re.compile(r"^110\s?%$"))
    embed.get_by_role("button", name="Reset").click()
    expect(embed.locator(".text-size .size")).to_have_text(re.compile(r"^100\s?%$"))
    assert embed.locator("label[for=majlis-body]").evaluate(SIZE) == pytest.approx(before[1])
    no_violations(tab)


def test_the_reply_form_stands_under_its_comment_and_errors_take_the_focus(
    tab,  # noqa: F811
    host,  # noqa: F811
    live_server,
    story,  # noqa: F811
    moderator,
):
    parent = approve(submit(story, "The first word.", author_name="Omar"), moderator)
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))
    embed = tab.locator("#majlis-comments")
    embed.locator(f'li[data-id="{parent.pk}"] .reply').click()
    form = embed.locator(f'li[data-id="{parent.pk}"] > form')
    expect(form.locator(".replying")).to_contain_text("Replying to Omar")
    embed.get_by_label("Name").fill("Sara")
    embed.get_by_label("Email").fill("not-an-address")
    embed.get_by_label("Comment", exact=True).fill("Agreed.")
    embed.get_by_role("button", name="Post comment").click()
    email = embed.get_by_label("Email")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_be_focused()
    error_id = email.get_attribute("aria-describedby")
    expect(embed.locator(f"#{error_id}")).to_have_text("Please give a valid email address.")
    form.get_by_role("button", name="Cancel").click()
    expect(embed.locator(".respond > form")).to_be_attached()
    no_violations(tab)


@pytest.mark.parametrize(
    ("language", "five_minutes"), [("ckb", "5 خولەک لەمەوبەر"), ("kmr", "5 deqe berê")]
)
def test_times_are_in_the_articles_words(
    tab,  # noqa: F811
    host,  # noqa: F811
    live_server,
    news,  # noqa: F811
    moderator,
    language,
    five_minutes,
):
    article = Article.objects.create(site=news, key="dem", title="Dem", language=language)
    comment = approve(submit(article, "Baş e."), moderator)
    tab.clock.install(time=comment.created_at + timedelta(minutes=5, seconds=2))
    tab.goto(host.page("/dem", snippet(live_server.url, "dem")))
    time = tab.locator(f'#majlis-comments li[data-id="{comment.pk}"] time')
    expect(time).to_have_text(five_minutes)
    assert re.search(r"\d", time.get_attribute("title"))
    no_violations(tab)
