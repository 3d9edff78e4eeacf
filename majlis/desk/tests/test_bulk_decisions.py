"""Deciding many at once: a near-duplicate cluster or a commenter's pending comments, after
a confirmation that shows the count, each logged as its own decision."""

from __future__ import annotations

import re

import pytest

from majlis.comments.models import Decision, Status
from majlis.escalations import actions as escalations

WAVE = "Earn 500 dollars a day from home, visit quick-cash-now.example today!"


def _confirm_count(response) -> int:
    return int(re.search(r'data-bulk-count="(\d+)"', response.content.decode()).group(1))


@pytest.mark.django_db
class TestAClusterOfNearDuplicates:
    def test_the_card_and_the_cluster_page_show_the_wave(self, desk, make_comment):
        wave = [make_comment(WAVE.replace("500", str(500 + i))) for i in range(4)]
        make_comment("An entirely different remark about the bridge works.")
        html = desk.get("/desk/").content.decode()
        assert html.count('data-cluster="3"') == 4
        page = desk.get(f"/desk/comments/{wave[0].pk}/cluster/").content.decode()
        listed = {int(n) for n in re.findall(r'data-listed="(\d+)"', page)}
        assert listed == {c.pk for c in wave}

    def test_rejecting_the_cluster_asks_first_then_logs_one_decision_each(
        self, desk, make_comment, moderator
    ):
        wave = [make_comment(WAVE.replace("500", str(500 + i))) for i in range(5)]
        ids = [c.pk for c in wave]
        form = {"ids": ids, "verdict": "reject", "categories": ["promotion"], "note": "wave"}
        asked = desk.post("/desk/bulk/", form)
        assert asked.status_code == 200
        assert _confirm_count(asked) == 5
        assert not Decision.objects.exists()

        done = desk.post("/desk/bulk/", {**form, "confirmed": "yes"}, follow=True)
        assert "5 comments rejected." in done.content.decode()
        for comment in wave:
            (decision,) = Decision.objects.filter(comment=comment)
            assert (decision.verdict, decision.categories, decision.note) == (
                "reject",
                ["promotion"],
                "wave",
            )
            assert decision.moderator == moderator
            comment.refresh_from_db()
            assert comment.status == Status.REJECTED

    def test_a_rejection_without_a_category_is_refused_and_nothing_is_decided(
        self, desk, make_comment
    ):
        comment = make_comment(WAVE)
        response = desk.post(
            "/desk/bulk/", {"ids": [comment.pk], "verdict": "reject", "confirmed": "yes"}
        )
        assert response.status_code == 302
        assert not Decision.objects.exists()

    def test_comments_decided_meanwhile_are_left_alone(self, desk, make_comment, editor):
        first, second = make_comment(WAVE), make_comment(WAVE + " now")
        asked = desk.post("/desk/bulk/", {"ids": [first.pk, second.pk], "verdict": "approve"})
        assert _confirm_count(asked) == 2
        from majlis.comments import actions

        actions.reject(first, actor=editor, categories=["promotion"])
        done = desk.post(
            "/desk/bulk/",
            {"ids": [first.pk, second.pk], "verdict": "approve", "confirmed": "yes"},
            follow=True,
        )
        assert "1 comment approved." in done.content.decode()
        assert Decision.objects.filter(comment=first).count() == 1

    def test_a_moderator_cannot_bulk_decide_an_escalated_comment(
        self, desk, make_comment, moderator
    ):
        comment = make_comment(WAVE)
        escalations.escalate(comment, actor=moderator, note="legal?")
        desk.post("/desk/bulk/", {"ids": [comment.pk], "verdict": "approve", "confirmed": "yes"})
        comment.refresh_from_db()
        assert comment.status == Status.PENDING


@pytest.mark.django_db
class TestACommentersPendingComments:
    def test_the_history_page_offers_them_all_and_approving_logs_each(self, desk, make_comment):
        theirs = [make_comment(f"Note {i}", author_email="Lana@example.org") for i in range(3)]
        make_comment("older", status="approved", author_email="lana@example.org")
        other = make_comment("someone else", author_email="other@example.org")
        page = desk.get(f"/desk/comments/{theirs[0].pk}/commenter/").content.decode()
        offered = {int(n) for n in re.findall(r'name="ids" value="(\d+)"', page)}
        assert offered == {c.pk for c in theirs}
        assert "Approve all 3 pending comments" in page
        desk.post("/desk/bulk/", {"ids": sorted(offered), "verdict": "approve", "confirmed": "yes"})
        assert Decision.objects.filter(comment__in=theirs, verdict="approve").count() == 3
        other.refresh_from_db()
        assert other.status == Status.PENDING
