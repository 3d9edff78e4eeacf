"""actions.uphold_reports rejects the comment through the decision log and resolves its open
reports; actions.dismiss_reports keeps it published and logs the dismissal."""

from __future__ import annotations

import pytest

from majlis.comments import actions
from majlis.comments.models import Decision, Status
from majlis.reports.models import Outcome, Report, ReportResolution

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(published):
    for n, reason in enumerate(["threat", "threat", "illegal"]):
        actions.report(published, reason=reason, reporter=f"reader-{n}")
    return published


class TestUphold:
    def test_it_rejects_logs_and_resolves(self, reported, moderator):
        resolution = actions.uphold_reports(
            reported, actor=moderator, categories=["threat"], note="A threat, plainly."
        )
        reported.refresh_from_db()
        assert reported.status == Status.REJECTED
        decision = Decision.objects.get(verdict="reject")
        assert (decision.moderator, decision.categories, decision.note) == (
            moderator,
            ["threat"],
            "A threat, plainly.",
        )
        assert (resolution.outcome, resolution.decision, resolution.moderator) == (
            Outcome.UPHELD,
            decision,
            moderator,
        )
        assert not Report.objects.open().exists()
        report = Report.objects.first()
        assert (report.resolved_by, report.resolved_at) == (moderator, resolution.created_at)

    def test_it_takes_the_comment_off_the_article_page(self, reported, moderator, client):
        assert "the council is lying" in client.get("/articles/bridge-repairs/").content.decode()
        actions.uphold_reports(reported, actor=moderator, categories=["threat"])
        assert (
            "the council is lying" not in client.get("/articles/bridge-repairs/").content.decode()
        )

    def test_it_needs_a_category_and_changes_nothing_without(self, reported, moderator):
        with pytest.raises(actions.DecisionError):
            actions.uphold_reports(reported, actor=moderator, categories=[])
        reported.refresh_from_db()
        assert reported.status == Status.APPROVED
        assert Report.objects.open().count() == 3
        assert not ReportResolution.objects.exists()

    def test_a_comment_rejected_meanwhile_is_resolved_with_that_rejection(
        self, reported, moderator
    ):
        actions.reject(reported, actor=moderator, categories=["profanity"])
        resolution = actions.uphold_reports(reported, actor=moderator, categories=["threat"])
        assert resolution.decision.categories == ["profanity"]
        assert Decision.objects.count() == 2  # the approval and the one rejection

    def test_later_reports_open_again(self, reported, moderator):
        actions.dismiss_reports(reported, actor=moderator)
        actions.report(reported, reason="promotion", reporter="someone-new")
        assert Report.objects.open().count() == 1


class TestDismiss:
    def test_it_keeps_the_comment_and_logs_the_dismissal(self, reported, moderator):
        decisions = Decision.objects.count()
        resolution = actions.dismiss_reports(reported, actor=moderator, note="Robust, not abuse.")
        reported.refresh_from_db()
        assert reported.status == Status.APPROVED
        assert Decision.objects.count() == decisions
        assert (resolution.outcome, resolution.note, resolution.decision) == (
            Outcome.DISMISSED,
            "Robust, not abuse.",
            None,
        )
        assert set(Report.objects.values_list("resolution", flat=True)) == {resolution.pk}

    def test_nothing_open_is_an_error(self, published, moderator):
        with pytest.raises(actions.DecisionError, match="no open reports"):
            actions.dismiss_reports(published, actor=moderator)

    def test_only_moderators_resolve(self, reported, outsider):
        with pytest.raises(actions.DecisionError, match="only moderators"):
            actions.dismiss_reports(reported, actor=outsider)
        with pytest.raises(actions.DecisionError, match="only moderators"):
            actions.uphold_reports(reported, actor=outsider, categories=["threat"])
        assert Report.objects.open().count() == 3

    def test_the_log_of_resolutions_is_never_changed(self, reported, moderator):
        resolution = actions.dismiss_reports(reported, actor=moderator)
        with pytest.raises(Exception, match="never"):
            resolution.save()
        with pytest.raises(Exception, match="never"):
            ReportResolution.objects.update(note="x")
