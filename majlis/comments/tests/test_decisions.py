"""`approve` and `reject`: the one way a comment's fate changes, each a row in the log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from majlis.comments import actions
from majlis.comments.actions import AutomaticModerator, DecisionError
from majlis.comments.models import Comment, Decision, ImmutableError

MACHINE = AutomaticModerator("0.3.1")


def _status(comment) -> str:
    return Comment.objects.get(pk=comment.pk).status


@pytest.mark.django_db
class TestApprovingAndRejecting:
    def test_an_approval_is_logged_with_its_moderator(self, moderator, make_comment):
        comment = make_comment()
        decision = actions.approve(comment, actor=moderator, note="  fine  ")
        assert _status(comment) == "approved"
        assert Comment.objects.get(pk=comment.pk).decided_at == decision.created_at
        row = Decision.objects.get()
        assert (row.verdict, row.moderator, row.categories, row.note, row.automatic_version) == (
            "approve",
            moderator,
            [],
            "fine",
            "",
        )
        assert row.actor_label == "mona"

    def test_a_rejection_is_logged_with_its_categories(self, moderator, make_comment):
        comment = make_comment()
        actions.reject(comment, actor=moderator, categories=["threat", "profanity", "threat"])
        assert _status(comment) == "rejected"
        assert Decision.objects.get().categories == ["threat", "profanity"]

    def test_a_rejection_needs_a_category(self, moderator, make_comment):
        comment = make_comment()
        with pytest.raises(DecisionError, match="at least one"):
            actions.reject(comment, actor=moderator, categories=[])
        assert _status(comment) == "pending"
        assert Decision.objects.count() == 0

    def test_an_unknown_category_is_refused(self, moderator, make_comment):
        comment = make_comment()
        with pytest.raises(DecisionError, match="rudeness"):
            actions.reject(comment, actor=moderator, categories=["profanity", "rudeness"])
        assert _status(comment) == "pending"
        assert Decision.objects.count() == 0

    def test_an_approval_cites_no_category(self, moderator, make_comment):
        comment = make_comment()
        with pytest.raises(DecisionError):
            actions._decide(
                comment,
                "approve",
                actor=moderator,
                categories=["threat"],
                note="",
                only_if_pending=False,
            )
        assert Decision.objects.count() == 0

    def test_every_guideline_category_is_accepted(self, moderator, make_comment):
        keys = [
            "off_topic",
            "profanity",
            "vulgarity",
            "threat",
            "personal_attack",
            "identity_attack",
            "promotion",
        ]
        comment = make_comment()
        actions.reject(comment, actor=moderator, categories=keys)
        assert Decision.objects.get().categories == keys

    def test_overturning_keeps_both_decisions(self, moderator, make_comment):
        comment = make_comment()
        actions.reject(comment, actor=moderator, categories=["off_topic"])
        actions.approve(comment, actor=moderator, note="on reflection, on topic")
        assert _status(comment) == "approved"
        assert list(Decision.objects.order_by("pk").values_list("verdict", flat=True)) == [
            "reject",
            "approve",
        ]

    def test_repeating_the_same_verdict_logs_nothing(self, moderator, make_comment):
        comment = make_comment()
        assert actions.approve(comment, actor=moderator) is not None
        assert actions.approve(comment, actor=moderator) is None
        assert Decision.objects.count() == 1


@pytest.mark.django_db
class TestAnImportedDecision:
    def test_it_keeps_its_date_but_the_thread_changes_now(self, article, make_comment):
        comment = make_comment()
        then = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
        decision = actions.approve(comment, actor=actions.Importer("majlis"), decided_at=then)
        assert decision.created_at == then
        assert Comment.objects.get(pk=comment.pk).decided_at == then
        article.refresh_from_db()
        # The thread's caches are keyed on when it changed here, which is now.
        assert article.comments_changed_at > then
        assert decision.actor_label == "import from majlis"


@pytest.mark.django_db
class TestWhoMayDecide:
    def test_a_user_without_the_moderator_role_cannot_decide(self, outsider, make_comment):
        comment = make_comment()
        with pytest.raises(DecisionError, match="only moderators"):
            actions.approve(comment, actor=outsider)
        with pytest.raises(DecisionError):
            actions.reject(comment, actor=outsider, categories=["threat"])
        assert _status(comment) == "pending"
        assert Decision.objects.count() == 0

    def test_a_deactivated_moderator_cannot_decide(self, moderator, make_comment):
        moderator.is_active = False
        moderator.save()
        with pytest.raises(DecisionError):
            actions.approve(make_comment(), actor=moderator)
        assert Decision.objects.count() == 0

    @pytest.mark.parametrize("fixture", ["editor", "admin_user"])
    def test_editors_and_admins_may_decide(self, request, make_comment, fixture):
        user = request.getfixturevalue(fixture)
        comment = make_comment()
        actions.approve(comment, actor=user)
        assert Decision.objects.get().moderator == user


@pytest.mark.django_db
class TestTheAutomaticModerator:
    def test_its_decisions_carry_its_version(self, make_comment):
        comment = make_comment()
        actions.reject(comment, actor=MACHINE, categories=["promotion"], only_if_pending=True)
        row = Decision.objects.get()
        assert (row.moderator, row.automatic_version, row.is_automatic) == (None, "0.3.1", True)
        assert row.actor_label == "automatic moderator 0.3.1"
        assert _status(comment) == "rejected"

    def test_it_never_overrides_a_person(self, moderator, make_comment):
        comment = make_comment()
        actions.approve(comment, actor=moderator)
        assert (
            actions.reject(
                Comment.objects.get(pk=comment.pk),
                actor=MACHINE,
                categories=["profanity"],
                only_if_pending=True,
            )
            is None
        )
        assert _status(comment) == "approved"
        assert Decision.objects.count() == 1

    def test_a_stale_copy_does_not_fool_it(self, moderator, make_comment):
        # The worker loaded the comment while it was pending; a person decided since.
        stale = make_comment()
        actions.reject(Comment.objects.get(pk=stale.pk), actor=moderator, categories=["threat"])
        assert actions.approve(stale, actor=MACHINE, only_if_pending=True) is None
        assert _status(stale) == "rejected"
        assert stale.status == "rejected"
        assert Decision.objects.count() == 1

    def test_a_person_may_overturn_it(self, moderator, make_comment):
        comment = make_comment()
        actions.reject(comment, actor=MACHINE, categories=["promotion"])
        actions.approve(comment, actor=moderator)
        assert _status(comment) == "approved"
        assert [d.actor_label for d in Decision.objects.order_by("pk")] == [
            "automatic moderator 0.3.1",
            "mona",
        ]


@pytest.mark.django_db
class TestTheLogIsAppendOnly:
    @pytest.fixture
    def decision(self, moderator, make_comment):
        return actions.reject(make_comment(), actor=moderator, categories=["threat"])

    def test_a_decision_cannot_be_saved_again(self, decision):
        decision.note = "rewritten history"
        with pytest.raises(ImmutableError):
            decision.save()
        assert Decision.objects.get().note == ""

    def test_a_decision_cannot_be_deleted(self, decision):
        with pytest.raises(ImmutableError):
            decision.delete()
        assert Decision.objects.count() == 1

    def test_the_queryset_refuses_update_and_delete(self, decision):
        with pytest.raises(ImmutableError):
            Decision.objects.filter(pk=decision.pk).update(verdict="approve")
        with pytest.raises(ImmutableError):
            Decision.objects.all().delete()
        assert Decision.objects.get().verdict == "reject"

    def test_a_comment_cannot_be_deleted(self, make_comment):
        comment = make_comment()
        with pytest.raises(ImmutableError):
            comment.delete()
        with pytest.raises(ImmutableError):
            Comment.objects.filter(pk=comment.pk).delete()
        assert Comment.objects.filter(pk=comment.pk).exists()
