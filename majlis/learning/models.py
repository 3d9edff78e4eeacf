"""A site's own models, learned from its moderators' decisions, and the lease on learning.

Each run of `majlis learn` leaves one `LearnedModel` row per language it looked at: the
candidate it fitted, its card (what it learned from, when, and how it measured against the
model in use on the newest decisions held out) and, if it won, its weights and the active
mark. A refused candidate keeps its card, not its weights: the row says why it lost.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.moderation import learned
from majlis.sites.models import Site

TOXICITY = "toxicity"


class Outcome(models.TextChoices):
    ACTIVATED = "activated", _("Activated")
    REFUSED = "refused", _("Refused")


class LearnedModelQuerySet(models.QuerySet["LearnedModel"]):
    def active(self) -> LearnedModelQuerySet:
        return self.filter(active=True)


class LearnedModel(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="learned_models")
    language = models.CharField(_("language"), max_length=8)
    # What it scores: `toxicity`, the chance that a moderator rejects the comment, read by the
    # engine in place of the shipped model's toxicity (which holds back approval only); or a
    # guideline category, the chance that one rejects it for that category.
    head = models.CharField(max_length=20, default=TOXICITY)
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    active = models.BooleanField(default=False)
    # Counts, dates, metrics, proposed thresholds; docs/learning.md lists every key.
    card = models.JSONField(default=dict)
    # The `.npz` of `learned.LearnedHead.to_bytes` (read without pickle); empty if refused.
    weights = models.BinaryField(blank=True, default=b"")
    sha256 = models.CharField(max_length=64, blank=True)

    objects = LearnedModelQuerySet.as_manager()

    class Meta:
        ordering = ["site", "language", "-version"]
        verbose_name = _("learned model")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "language", "head", "version"], name="one_learned_version"
            ),
            models.UniqueConstraint(
                fields=["site", "language", "head"],
                condition=Q(active=True),
                name="one_active_learned_model",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.outcome})"

    @property
    def label(self) -> str:
        """How the desk and the assessments name it: site/language vN, with the category
        for a category's head (site/language personal_attack vN)."""
        head = "" if self.head == TOXICITY else f" {self.head}"
        return f"{self.site.key}/{self.language}{head} v{self.version}"

    @property
    def trusted(self) -> bool:
        """Whether it measured well enough to let the machine approve in a language that
        otherwise always goes to a person (Kurdish): see `card["trusted"]`."""
        return bool(self.card.get("trusted"))

    def load(self) -> learned.LearnedHead:
        """The weights, checked against the sha256 recorded with them."""
        return learned.LearnedHead.from_bytes(
            bytes(self.weights), expected_sha256=self.sha256, version=self.label
        )


class LearningLease(models.Model):
    """Who is learning a site's models now: one worker at a time, for a while."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, primary_key=True)
    holder = models.CharField(max_length=64, blank=True)
    until = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("learning lease")

    def __str__(self) -> str:
        return f"{self.site.key}: {self.holder or 'free'}"

    @classmethod
    def acquire(cls, site: Site, holder: str, seconds: int = 900) -> bool:
        """Take the site's lease unless someone else holds one that has not run out."""
        now = timezone.now()
        cls.objects.get_or_create(site=site, defaults={"until": now})
        taken = cls.objects.filter(Q(until__lte=now) | Q(holder=holder), site=site).update(
            holder=holder, until=now + timedelta(seconds=seconds)
        )
        return taken == 1

    @classmethod
    def release(cls, site: Site, holder: str) -> None:
        cls.objects.filter(site=site, holder=holder).update(holder="", until=timezone.now())
