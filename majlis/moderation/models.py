"""What the automatic moderator concluded about each comment, and the site's policy."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Category, Comment, Status
from majlis.moderation import policy


class Suggestion(models.TextChoices):
    APPROVE = policy.APPROVE, _("Approve")
    REJECT = policy.REJECT, _("Reject")
    REVIEW = policy.REVIEW, _("Review")


class CommentAssessment(models.Model):
    """The machine's reading of one comment: scores, evidence and suggestion.

    One per comment; a re-assessment (a new model version) replaces it. Decisions taken on
    its strength are in the comment's decision log, which is append-only.
    """

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="assessment")
    language = models.CharField(max_length=8)
    language_confidence = models.FloatField(default=0.0)
    # {"toxicity": 0.1, "profanity": 0.02, ...}
    scores = models.JSONField(default=dict)
    # [{"category", "start", "end", "source", "detail"}], offsets in the comment's text
    evidence = models.JSONField(default=list)
    suggestion = models.CharField(max_length=8, choices=Suggestion.choices)
    categories = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    # The highest category score: the desk orders the queue by it.
    risk = models.FloatField(default=0.0, db_index=True)
    versions = models.JSONField(default=dict)
    duration_ms = models.FloatField(default=0.0)
    # The comment's MinHash bins (`duplicates.sketch`): later comments compare with it to
    # find spam waves without sketching this one again.
    sketch = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        db_table = "moderation_assessment"

    def __str__(self) -> str:
        return f"#{self.comment_id}: {self.suggestion} ({self.risk:.2f})"

    def top_scores(self) -> list[tuple[str, float]]:
        """Category scores, highest first, for display."""
        ranked = [(c, float(self.scores.get(c, 0.0))) for c in Category.values]
        return sorted(ranked, key=lambda item: item[1], reverse=True)


class AssessmentJob(models.Model):
    """A comment waiting for its assessment: the worker's queue, one row per comment.

    Stored in the transaction that stores the comment. A worker claims rows in batches by
    setting `claimed_by` and pushing `run_after` to the end of its lease (renewed while
    the batch runs); a row whose lease ran out (its worker was killed) is claimable again.
    A finished row is deleted; a failed one waits `run_after` for its next attempt, and
    after the last it keeps `failed_at` and stays, for the desk to count as overdue.
    """

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, primary_key=True, related_name="assessment_job"
    )
    # Not claimable before this: a retry's delay, or the end of the current claim's lease.
    run_after = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The comment's MinHash bins, taken at submit: until the comment is assessed, other
    # comments compare with it through this (spam waves are exactly the unassessed ones).
    sketch = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment job")
        db_table = "moderation_job"
        indexes = [
            # The claim reads the rows still to do, by when they are due.
            models.Index(
                fields=["run_after"], name="job_claimable", condition=Q(failed_at__isnull=True)
            ),
            models.Index(fields=["claimed_by"], name="job_by_worker"),
        ]

    def __str__(self) -> str:
        return f"#{self.comment_id}: attempt {self.attempts}"


class PolicySettings(models.Model):
    """The site-wide switches of the automatic moderator (a single row)."""

    automatic = models.BooleanField(
        _("decide automatically"),
        default=True,
        help_text=_("Off: the machine only suggests, and every comment waits for a person."),
    )
    min_language_confidence = models.FloatField(default=0.5)

    class Meta:
        verbose_name = _("automatic moderation settings")
        verbose_name_plural = _("automatic moderation settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> PolicySettings:
        return cls.objects.order_by("pk").first() or cls()


class PolicyRule(models.Model):
    """One category's thresholds in one language (or in all, with language blank)."""

    category = models.CharField(
        _("category"),
        max_length=20,
        choices=[*Category.choices, (policy.TOXICITY, _("Toxicity (holds back approval only)"))],
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("Blank: every language.")
    )
    reject_at = models.FloatField(
        _("reject automatically at"),
        null=True,
        blank=True,
        help_text=_("Score at or above which the comment is rejected. Blank: never."),
    )
    approve_below = models.FloatField(
        _("approve below"),
        null=True,
        blank=True,
        help_text=_("Automatic approval needs the score below this."),
    )
    always_review = models.BooleanField(
        _("always review"),
        default=False,
        help_text=_("Never decide automatically on account of this category."),
    )

    class Meta:
        verbose_name = _("policy rule")
        constraints = [
            models.UniqueConstraint(fields=["category", "language"], name="one_rule_per_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.language or '*'}"

    def clean(self) -> None:
        if self.category == policy.TOXICITY and self.reject_at is not None:
            raise ValidationError(
                {"reject_at": _("Toxicity alone never rejects: a rejection names a category.")}
            )
        try:
            self.as_rule()
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def as_rule(self) -> policy.Rule:
        if self.always_review:
            return policy.Rule(reject_at=None, approve_below=None)
        return policy.Rule(reject_at=self.reject_at, approve_below=self.approve_below)


def current_policy() -> policy.Policy:
    settings_row = PolicySettings.current()
    rules = {
        (r.category, r.language or policy.ANY_LANGUAGE): r.as_rule()
        for r in PolicyRule.objects.all()
    }
    return policy.Policy(
        rules=rules,
        automatic=settings_row.automatic,
        min_language_confidence=settings_row.min_language_confidence,
    )


def overdue_comments() -> models.QuerySet[Comment]:
    """Pending comments still without an assessment after the grace period.

    The worker enqueues them again and the desk shows how many there are, so no comment waits
    unassessed unnoticed.
    """
    grace = timedelta(seconds=settings.MAJLIS["ASSESS_GRACE_SECONDS"])
    return Comment.objects.filter(
        status=Status.PENDING, assessment__isnull=True, created_at__lt=timezone.now() - grace
    )


#: The orders of the moderation queue (desk and API): oldest first by default; by the
#: machine's risk, riskiest or safest first, with comments not yet assessed last either way.
QUEUE_ORDERS: dict[str, tuple] = {
    "oldest": ("created_at", "pk"),
    "newest": ("-created_at", "-pk"),
    "risk": (F("assessment__risk").desc(nulls_last=True), "created_at", "pk"),
    "safest": (F("assessment__risk").asc(nulls_last=True), "created_at", "pk"),
}
