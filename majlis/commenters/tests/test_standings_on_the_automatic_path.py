"""The automatic decision path applies each commenter's standing: a ban rejects, pre-moderation
and disposable domains hold, trust approves what the machine only doubted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from majlis.commenters.models import DisposableDomain
from majlis.comments import actions
from majlis.comments.models import Decision, Status
from majlis.moderation import tasks

MACHINE = actions.AutomaticModerator("9.9.9")
pytestmark = pytest.mark.django_db


def _decide(*verdicts):
    return actions.decide_automatically(verdicts, actor=MACHINE)


def _status(comment) -> str:
    comment.refresh_from_db()
    return comment.status


class TestABannedCommenter:
    def test_every_new_comment_is_rejected_with_the_bans_reason(self, make_comment, stand):
        stand(make_comment(author_email="Spam@Example.org"), "banned", note="sells watches")
        fresh = make_comment("A perfectly polite remark.", author_email="spam@example.org")
        assert _decide((fresh, "approve", (), "every category below its threshold")) == 1
        decision = Decision.objects.get(comment=fresh)
        assert decision.verdict == "reject"
        assert decision.categories == ["promotion"]
        assert decision.note == "banned commenter (by address): sells watches"
        assert decision.is_automatic

    def test_a_domains_ban_covers_its_subdomains_and_reviews_too(self, make_comment, stand):
        stand(make_comment(author_email="a@spam.example"), "banned", scope="domain")
        fresh = make_comment(author_email="b@mail.spam.example")
        _decide((fresh, "review", ["off_topic"], "off_topic 0.70 ≥ 0.60"))
        assert _status(fresh) == Status.REJECTED
        assert "by domain" in Decision.objects.get(comment=fresh).note


class TestHeldForAPerson:
    def test_a_pre_moderated_commenter_is_never_approved_by_the_machine(self, make_comment, stand):
        stand(make_comment(), "premoderate")
        polite = make_comment("Polite.")
        advert = make_comment("Buy watches.")
        assert _decide((polite, "approve", (), ""), (advert, "reject", ["promotion"], "")) == 1
        assert (_status(polite), _status(advert)) == (Status.PENDING, Status.REJECTED)

    def test_a_disposable_domain_is_held_by_default(self, make_comment):
        shipped = make_comment(author_email="someone@mailinator.com")
        added = make_comment(author_email="x@throwaway.example")
        DisposableDomain.objects.create(domain="@Throwaway.Example")
        ordinary = make_comment(author_email="x@example.org")
        _decide(*((c, "approve", (), "") for c in (shipped, added, ordinary)))
        assert [_status(c) for c in (shipped, added, ordinary)] == [
            Status.PENDING,
            Status.PENDING,
            Status.APPROVED,
        ]

    def test_a_moderators_standing_outranks_the_disposable_list(self, make_comment, stand):
        known = make_comment(author_email="regular@yopmail.com")
        stand(known, "trusted")
        known.article.site.trust_after_approvals = 0
        known.article.site.save()
        fresh = make_comment(author_email="regular@yopmail.com")
        _decide((fresh, "approve", (), ""))
        assert _status(fresh) == Status.APPROVED


class TestATrustedCommenter:
    @pytest.fixture
    def trusted(self, make_comment, stand, article):
        """A commenter with three approved comments, trusted; the site asks for three."""
        for _ in range(3):
            make_comment(status="approved", author_email="trusted@example.org")
        stand(make_comment(status="approved", author_email="trusted@example.org"), "trusted")
        article.site.trust_after_approvals = 3
        article.site.save()
        return lambda body="Bas e.": make_comment(body, author_email="TRUSTED@example.org")

    def test_is_approved_when_the_policy_only_doubted(self, trusted):
        comment = trusted()
        _decide((comment, "review", (), "no trained model for kmr: a person decides"))
        decision = Decision.objects.get(comment=comment)
        assert decision.verdict == "approve"
        assert decision.note == (
            "trusted commenter (by address); no trained model for kmr: a person decides"
        )

    @pytest.mark.parametrize("category", ["threat", "identity_attack", "profanity"])
    def test_still_goes_to_a_person_when_anything_is_flagged(self, trusted, category):
        comment = trusted()
        _decide((comment, "review", [category], f"{category} 0.30 ≥ 0.15"))
        assert _status(comment) == Status.PENDING

    def test_a_clear_rejection_stands(self, trusted):
        comment = trusted()
        _decide((comment, "reject", ["profanity"], "profanity 0.99 ≥ 0.97"))
        assert _status(comment) == Status.REJECTED

    def test_is_not_approved_after_a_rejection(self, trusted, make_comment):
        make_comment(status="rejected", author_email="trusted@example.org")
        comment = trusted()
        _decide((comment, "review", (), "language unsure"))
        assert _status(comment) == Status.PENDING

    def test_needs_the_sites_number_of_approvals(self, trusted, article):
        article.site.trust_after_approvals = 5
        article.site.save()
        comment = trusted()
        _decide((comment, "review", (), "language unsure"))
        assert _status(comment) == Status.PENDING

    def test_an_address_trusted_in_a_pre_moderated_domain_is_trusted(
        self, trusted, make_comment, stand
    ):
        stand(make_comment(author_email="other@example.org"), "premoderate", scope="domain")
        comment = trusted()
        other = make_comment(author_email="someone@example.org")
        _decide((comment, "review", (), ""), (other, "approve", (), ""))
        assert (_status(comment), _status(other)) == (Status.APPROVED, Status.PENDING)


class TestQueries:
    def test_a_batch_costs_the_same_queries_whatever_its_size(self, make_comment, stand, article):
        article.site.trust_after_approvals = 0
        article.site.save()
        stand(make_comment(author_email="ban@example.org"), "banned")
        stand(make_comment(author_email="hold@example.org"), "premoderate")
        stand(make_comment(author_email="ok@example.org"), "trusted")
        kinds = [
            ("ban@example.org", "approve"),
            ("hold@example.org", "approve"),
            ("ok@example.org", "review"),
            ("x@mailinator.com", "approve"),
            ("new@example.org", "approve"),
        ]

        def batch(rounds: int):
            return [
                (make_comment(f"Comment {i}", author_email=email), verdict, (), "")
                for i in range(rounds)
                for email, verdict in kinds
            ]

        small, large = batch(1), batch(6)
        with CaptureQueriesContext(connection) as few:
            assert _decide(*small) == 3
        with CaptureQueriesContext(connection) as many:
            assert _decide(*large) == 18
        assert len(many.captured_queries) == len(few.captured_queries)
        assert Decision.objects.filter(note__startswith="banned").count() == 7


class TestThroughTheWorker:
    def test_the_worker_rejects_a_banned_commenters_comment(self, make_comment, stand):
        stand(make_comment(author_email="ban@example.org"), "banned", note="flooding")
        comment = make_comment("What time does the ferry leave?", author_email="ban@example.org")
        tasks.run_assessment(comment.pk)
        assert _status(comment) == Status.REJECTED
        assert (
            Decision.objects.get(comment=comment).note == "banned commenter (by address): flooding"
        )

    def test_the_worker_approves_a_trusted_commenters_kurdish_comment(
        self, make_comment, stand, article
    ):
        article.site.trust_after_approvals = 0
        article.site.save()
        stand(make_comment(author_email="hejar@example.org"), "trusted")
        comment = make_comment(
            "Pira kevn divê zû were çêkirin, bajar bê wê nabe.", author_email="hejar@example.org"
        )
        assert tasks.run_assessment(comment.pk) == "review"
        assert _status(comment) == Status.APPROVED
