"""The automatic moderator decides a batch at once, as `approve` / `reject` would one by one."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.comments.models import Decision, Status

MACHINE = actions.AutomaticModerator("9.9.9")


@pytest.mark.django_db
class TestABatchOfAutomaticDecisions:
    def test_each_pending_comment_gets_its_verdict_and_one_logged_decision(self, make_comment):
        good = make_comment("Thanks for the clear report.")
        bad = make_comment("Buy watches at cheap-watch-deals.biz")
        logged = actions.decide_automatically(
            [(good, "approve", (), "clean"), (bad, "reject", ["promotion"], "an advert ")],
            actor=MACHINE,
        )
        assert logged == 2
        good.refresh_from_db()
        bad.refresh_from_db()
        assert (good.status, bad.status) == (Status.APPROVED, Status.REJECTED)
        assert bad.decided_at is not None
        decision = Decision.objects.get(comment=bad)
        assert (decision.categories, decision.note) == (["promotion"], "an advert")
        assert decision.actor_label == "automatic moderator 9.9.9"

    def test_a_comment_a_person_decided_first_is_left_alone(self, make_comment, moderator):
        comment = make_comment("Buy watches at cheap-watch-deals.biz")
        actions.approve(comment, actor=moderator)
        stale = type(comment).objects.get(pk=comment.pk)
        stale.status = Status.PENDING  # what the worker read before the person decided
        assert (
            actions.decide_automatically([(stale, "reject", ["promotion"], "")], actor=MACHINE) == 0
        )
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert Decision.objects.filter(comment=comment).count() == 1

    def test_a_rejection_without_a_category_is_refused_before_anything_is_written(
        self, make_comment
    ):
        first = make_comment("Fine.")
        second = make_comment("Not fine.")
        with pytest.raises(actions.DecisionError, match="category"):
            actions.decide_automatically(
                [(first, "approve", (), ""), (second, "reject", (), "")], actor=MACHINE
            )
        assert not Decision.objects.exists()
