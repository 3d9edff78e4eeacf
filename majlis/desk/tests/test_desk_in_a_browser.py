"""The desk in Chromium (the fixtures of majlis/tests/browsing.py): the automatic moderator's
evidence marked in the queue where the reader wrote it, a commenter's standing set from a
card, and a comment escalated to an editor, who sends it back with a note."""

from __future__ import annotations

import re

import pytest

from majlis.commenters.models import CommenterStanding, Standing
from majlis.comments.models import Status
from majlis.escalations.models import Escalation
from majlis.moderation.models import CommentAssessment
from majlis.moderation.tasks import run_assessment
from majlis.tests.browsing import DESKTOP, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so
    expect = None

pytestmark = pytest.mark.browser

ATTACK = "Only an idiot would close the bridge in winter, you morons."
SPAM = "Cheap watches at best-prices-watches.example, use code LIB50!!!"
CALM = "Who is going to volunteer to work on a Sunday? It sounds like unpaid overtime."


@pytest.fixture
def assessed(make_comment):
    """Three comments the automatic moderator has read, as its worker would store them."""
    made = {}
    for n, body in enumerate((ATTACK, SPAM, CALM)):
        comment = make_comment(
            body, author_name=f"Reader {n + 1}", author_email=f"reader{n + 1}@example.org"
        )
        run_assessment(comment.pk)
        made[body] = comment
    return made


def test_the_evidence_is_marked_where_the_reader_wrote_it(
    new_page, moderator, assessed, screenshot
):
    page = new_page(viewport=DESKTOP)
    sign_in(page, moderator)
    for body, comment in assessed.items():
        evidence = CommentAssessment.objects.get(comment=comment).evidence
        marked = page.locator(f"#q-{comment.pk} mark.evidence")
        expect(marked).to_have_text([body[e["start"] : e["end"]] for e in evidence])
        if body == ATTACK:
            expect(marked).to_have_text(["idiot", "morons"])
            expect(marked.first).to_have_attribute("data-categories", "personal_attack")
        # Marked or not, the whole comment is there to read.
        expect(page.locator(f"#q-{comment.pk} .comment-body")).to_have_text(body)
    screenshot(page, "desk-queue")


def test_the_compact_desk_keeps_the_evidence(new_page, moderator, assessed, screenshot):
    page = new_page(viewport=DESKTOP)
    sign_in(page, moderator)
    page.get_by_role("button", name="Compact").click()
    page.locator("body.compact [data-queue]").wait_for()
    comment = assessed[ATTACK]
    expect(page.locator(f"#q-{comment.pk} mark.evidence")).to_have_count(2)
    screenshot(page, "desk-compact")


def test_a_ban_set_from_a_card_shows_on_the_commenters_page(
    new_page, moderator, assessed, screenshot
):
    comment = assessed[ATTACK]
    page = new_page(viewport=DESKTOP)
    sign_in(page, moderator)
    card = page.locator(f"#q-{comment.pk}")
    card.get_by_text("Commenter and escalation").click()
    card.get_by_label("Standing", exact=True).select_option(Standing.BANNED)
    card.get_by_label("for", exact=True).select_option("email")
    card.get_by_label("A ban rejects for").select_option("personal_attack")
    card.get_by_label("Reason for the standing").fill("Insults other readers in every thread.")
    card.get_by_role("button", name="Set standing").click()
    shown = page.locator(f"#q-{comment.pk} [data-standing]")
    expect(shown).to_have_attribute("data-standing", Standing.BANNED)
    expect(shown).to_contain_text("Insults other readers in every thread.")
    standing = CommenterStanding.objects.get()
    assert (standing.standing, standing.value) == (Standing.BANNED, "reader1@example.org")

    page.locator(f"#q-{comment.pk}").get_by_role("link", name="All their comments").click()
    expect(page.locator("h1")).to_contain_text("Reader 1")
    expect(page.locator("dl.commenter [data-standing]")).to_have_attribute(
        "data-standing", Standing.BANNED
    )
    screenshot(page, "desk-commenter")


def test_an_escalated_comment_reaches_the_editor_with_its_note_and_goes_back(
    new_page, moderator, editor, assessed, screenshot
):
    comment = assessed[CALM]
    note = "Is this fair criticism of the council, or an accusation we should not publish?"
    desk = new_page(viewport=DESKTOP)
    sign_in(desk, moderator)
    card = desk.locator(f"#q-{comment.pk}")
    card.get_by_text("Commenter and escalation").click()
    card.get_by_label("What the editor should look at").fill(note)
    card.get_by_role("button", name="Escalate to an editor").click()
    expect(desk.locator(".messages")).to_contain_text(f"Comment #{comment.pk} sent to an editor.")
    expect(desk.locator(f"#q-{comment.pk}")).to_have_count(0)
    # Only editors see where it went.
    expect(desk.get_by_role("link", name="Escalated")).to_have_count(0)

    office = new_page(viewport=DESKTOP)
    sign_in(office, editor)
    office.get_by_role("link", name="Escalated").click()
    item = office.locator(f"#q-{comment.pk}")
    expect(item.locator(".escalation-note")).to_contain_text(note)
    screenshot(office, "desk-escalated")
    item.get_by_label("Note").last.fill("Fair criticism: publish it.")
    item.get_by_role("button", name="Send back to the queue").click()
    expect(office.locator(".messages")).to_contain_text(re.compile(rf"#{comment.pk}\b"))
    expect(office.locator(f"#q-{comment.pk}")).to_have_count(0)
    escalation = Escalation.objects.get(comment=comment)
    assert (escalation.sent_back_by, escalation.reply) == (editor, "Fair criticism: publish it.")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    # Back in the queue, with the editor's answer on the comment's own page.
    desk.reload()
    desk.locator(f"#q-{comment.pk}").get_by_role("link", name=f"#{comment.pk}").click()
    expect(desk.locator("main")).to_contain_text("Fair criticism: publish it.")
