"""In the product: every stored comment is assessed by the durable worker, and the policy
decides through the same approve / reject as a person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from majlis.comments.models import Decision, Status
from majlis.moderation import tasks
from majlis.moderation.models import CommentAssessment, PolicyRule, PolicySettings
from majlis.moderation.worker import make_worker

pytestmark = pytest.mark.django_db(transaction=True)


def _queued(comment_id: int) -> list[DBTaskResult]:
    return [
        row
        for row in DBTaskResult.objects.filter(task_path=tasks.assess_comment.module_path)
        if row.args_kwargs["args"][0] == comment_id
    ]


def _work() -> None:
    make_worker(batch=True).run()


class TestEveryCommentIsAssessed:
    def test_storing_a_comment_enqueues_its_assessment(self, make_comment):
        comment = make_comment("The bridge closure will hurt the market traders.")
        (row,) = _queued(comment.pk)
        assert row.status == TaskResultStatus.READY

    def test_the_worker_stores_the_assessment(self, make_comment):
        comment = make_comment("Six weeks is a long time; will the ferry run more often?")
        _work()
        found = CommentAssessment.objects.get(comment=comment)
        assert found.language == "en"
        assert set(found.scores) >= {"toxicity", "threat", "off_topic"}
        assert found.suggestion in {"approve", "review", "reject"}
        assert found.versions["engine"]
        assert _queued(comment.pk)[0].status == TaskResultStatus.SUCCESSFUL

    def test_clear_spam_is_rejected_automatically_and_logged(self, make_comment):
        PolicyRule.objects.create(category="promotion", reject_at=0.5, approve_below=0.2)
        comment = make_comment(
            "BUY CHEAP WATCHES at www.cheap-watch-deals.biz !!! call +1 555 123 4567 now"
        )
        _work()
        comment.refresh_from_db()
        assert comment.status == Status.REJECTED
        decision = Decision.objects.get(comment=comment)
        assert decision.is_automatic
        assert "promotion" in decision.categories
        assert decision.actor_label.startswith("automatic moderator")

    def test_a_clean_comment_is_approved_automatically_when_the_policy_allows(self, make_comment):
        for category in (
            "off_topic",
            "profanity",
            "vulgarity",
            "threat",
            "personal_attack",
            "identity_attack",
            "promotion",
            "toxicity",
        ):
            PolicyRule.objects.create(category=category, approve_below=0.9)
        comment = make_comment("Will the repairs finish before the winter floods?")
        _work()
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert Decision.objects.get(comment=comment).is_automatic

    def test_with_automatic_decisions_off_the_machine_only_suggests(self, make_comment):
        PolicySettings.objects.create(automatic=False)
        PolicyRule.objects.create(category="promotion", reject_at=0.5, approve_below=0.2)
        comment = make_comment("visit www.cheap-watch-deals.biz for CHEAP WATCHES, call 5551234567")
        _work()
        comment.refresh_from_db()
        assert comment.status == Status.PENDING
        assert comment.assessment.suggestion == "reject"
        assert not Decision.objects.filter(comment=comment).exists()

    def test_a_person_may_overturn_the_machine(self, make_comment, moderator):
        from majlis.comments import actions

        PolicyRule.objects.create(category="promotion", reject_at=0.5, approve_below=0.2)
        comment = make_comment("visit www.my-own-blog-deals.biz and call 5551234567 for more")
        _work()
        comment.refresh_from_db()
        actions.approve(comment, actor=moderator, note="a reader's own relevant blog post")
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert [d.is_automatic for d in comment.decisions.order_by("created_at")] == [True, False]

    def test_a_comment_decided_by_a_person_first_is_left_alone(self, make_comment, moderator):
        from majlis.comments import actions

        PolicyRule.objects.create(category="promotion", reject_at=0.5, approve_below=0.2)
        comment = make_comment("visit www.cheap-watch-deals.biz and call 5551234567 now")
        actions.approve(comment, actor=moderator)
        _work()
        comment.refresh_from_db()
        assert comment.status == Status.APPROVED
        assert comment.assessment.suggestion == "reject"
        assert Decision.objects.filter(comment=comment).count() == 1


class TestFailuresAreRetried:
    def test_a_failure_leaves_the_comment_pending_and_enqueues_a_retry(
        self, make_comment, monkeypatch
    ):
        comment = make_comment("The bridge should have been fixed years ago.")

        def broken(comment_id):
            raise RuntimeError("the model file could not be read")

        monkeypatch.setattr(tasks, "run_assessment", broken)
        before = timezone.now()
        _work()
        comment.refresh_from_db()
        assert comment.status == Status.PENDING
        rows = sorted(_queued(comment.pk), key=lambda r: r.enqueued_at)
        assert [r.status for r in rows] == [TaskResultStatus.FAILED, TaskResultStatus.READY]
        retry = rows[1]
        assert retry.args_kwargs["args"] == [comment.pk, 2]
        assert retry.run_after >= before + tasks.retry_delay(1)

    def test_the_retry_succeeds_once_the_fault_is_gone(self, make_comment, monkeypatch):
        comment = make_comment("The bridge should have been fixed years ago.")
        real = tasks.run_assessment
        monkeypatch.setattr(tasks, "run_assessment", lambda pk: 1 / 0)
        _work()
        monkeypatch.setattr(tasks, "run_assessment", real)
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        _work()
        assert CommentAssessment.objects.filter(comment=comment).exists()

    def test_retries_stop_after_the_last_attempt(self, make_comment, monkeypatch, settings):
        settings.MAJLIS = {**settings.MAJLIS, "ASSESS_MAX_ATTEMPTS": 2}
        comment = make_comment("The bridge should have been fixed years ago.")
        monkeypatch.setattr(tasks, "run_assessment", lambda pk: 1 / 0)
        for _ in range(3):
            DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
                run_after=timezone.now()
            )
            _work()
        rows = _queued(comment.pk)
        assert len(rows) == 2
        assert all(r.status == TaskResultStatus.FAILED for r in rows)

    def test_retry_delays_grow(self):
        delays = [tasks.retry_delay(n) for n in range(1, 5)]
        assert delays == sorted(delays)
        assert delays[0] >= timedelta(seconds=5)


class TestNoCommentWaitsUnnoticed:
    def _lose_the_task(self, comment):
        DBTaskResult.objects.filter(pk__in=[r.pk for r in _queued(comment.pk)]).delete()

    def test_reconcile_enqueues_a_comment_whose_task_was_lost(self, make_comment, settings):
        settings.MAJLIS = {**settings.MAJLIS, "ASSESS_GRACE_SECONDS": 0}
        comment = make_comment("Where will the buses go during the closure?")
        self._lose_the_task(comment)
        assert tasks.reconcile() == 1
        assert len(_queued(comment.pk)) == 1
        _work()
        assert CommentAssessment.objects.filter(comment=comment).exists()

    def test_reconcile_leaves_comments_whose_task_is_waiting(self, make_comment, settings):
        settings.MAJLIS = {**settings.MAJLIS, "ASSESS_GRACE_SECONDS": 0}
        make_comment("Where will the buses go during the closure?")
        assert tasks.reconcile() == 0

    def test_comments_within_the_grace_period_are_not_overdue(self, make_comment):
        comment = make_comment("Where will the buses go during the closure?")
        self._lose_the_task(comment)
        assert tasks.reconcile() == 0


class TestPolicyRules:
    def test_toxicity_may_not_reject_on_its_own(self, db):
        from django.core.exceptions import ValidationError

        rule = PolicyRule(category="toxicity", reject_at=0.9, approve_below=0.1)
        with pytest.raises(ValidationError, match="never rejects"):
            rule.full_clean()

    def test_thresholds_out_of_order_are_refused(self, db):
        from django.core.exceptions import ValidationError

        rule = PolicyRule(category="profanity", reject_at=0.3, approve_below=0.6)
        with pytest.raises(ValidationError, match="approve_below"):
            rule.full_clean()


class TestSpamWaves:
    def test_a_wave_is_seen_through_the_stored_sketches(self, make_comment):
        advert = "Earn money from home, message me for the details of this great offer {}"
        first = make_comment(advert.format("now"))
        _work()
        stored = CommentAssessment.objects.get(comment=first).sketch
        assert isinstance(stored, list)
        assert len(stored) == 64
        alone = CommentAssessment.objects.get(comment=first).scores["promotion"]
        for n in range(3):
            make_comment(advert.format(f"today {n}"), author_email=f"r{n}@example.org")
        _work()
        latest = CommentAssessment.objects.order_by("-comment__created_at").first()
        assert latest.scores["promotion"] > alone
