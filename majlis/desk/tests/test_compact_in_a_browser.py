"""The denser desk in Chromium: five compact cards on a laptop's 1366×768 screen, nothing
moving once the page has loaded, and the filters folded away on a phone."""

from __future__ import annotations

import pytest

from majlis.moderation.models import CommentAssessment
from majlis.tests.browsing import PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
LONG = (
    "The council said the bridge would close for six weeks, but the contractor's own notice "
    "says ten, and nobody has explained how the market traders on the east bank will get "
    "their stock across in the meantime. A ferry was promised last time too. "
)

# Layout shifts the page reports, from the first paint on.
SHIFTS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture
def full_queue(make_comment, moderator):
    for n in range(8):
        comment = make_comment(
            LONG * (1 + n % 2), author_name=f"Reader {n}", author_email=f"reader{n}@example.org"
        )
        CommentAssessment.objects.create(
            comment=comment,
            language="en",
            language_confidence=0.98,
            scores={"toxicity": 0.3, "off_topic": 0.1, "threat": 0.02, "profanity": 0.4},
            suggestion="review",
            categories=["profanity"],
            reasons=["profanity 0.40 ≥ 0.20"],
            risk=0.4,
        )
    return moderator


def test_five_compact_cards_fit_a_laptop_screen_without_a_layout_jump(new_page, full_queue):
    page = new_page(viewport=LAPTOP)
    sign_in(page, full_queue)
    page.get_by_role("button", name="Compact").click()
    page.locator("body.compact [data-queue]").wait_for()
    page.reload()
    tops = page.locator("[data-comment]").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().top, e.getBoundingClientRect().bottom])"
    )
    assert len(tops) == 8
    span = tops[4][1] - tops[0][0]
    # Five cards within the screen, with room left for the browser's own bars.
    assert span <= LAPTOP["height"] - 130, f"five compact cards take {span}px"
    assert page.evaluate(SHIFTS) < 0.01


def test_the_full_cards_do_not_jump_either(new_page, full_queue):
    page = new_page(viewport=LAPTOP)
    sign_in(page, full_queue)
    page.reload()
    assert page.evaluate(SHIFTS) < 0.01


def test_the_filters_fold_away_on_a_phone_and_stay_out_on_a_laptop(new_page, full_queue):
    phone = new_page(viewport=PHONE)
    sign_in(phone, full_queue)
    language = phone.locator(".desk-filters select[name=language]")
    assert not language.is_visible()
    phone.locator(".desk-filters-fold > summary").click()
    assert language.is_visible()

    laptop = new_page(viewport=LAPTOP)
    sign_in(laptop, full_queue)
    assert laptop.locator(".desk-filters select[name=language]").is_visible()
    assert not laptop.locator(".desk-filters-fold > summary").is_visible()
