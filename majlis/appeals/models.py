"""A commenter's request for a second look at a rejection: once per comment."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Comment, Decision


class AppealQuerySet(models.QuerySet["Appeal"]):
    def open(self) -> AppealQuerySet:
        return self.filter(outcome__isnull=True).exclude(comment__status="withdrawn")


class Appeal(models.Model):
    # One to one: a comment is appealed once, whatever comes of it.
    comment = models.OneToOneField(
        Comment, on_delete=models.PROTECT, related_name="appeal", verbose_name=_("comment")
    )
    # The rejection appealed against.
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("decision")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("appealed"), default=timezone.now, db_index=True)
    # The decision a person took on the appeal (the same verdict again, or another).
    outcome = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal_outcome",
        verbose_name=_("outcome"),
    )

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("appeal")
        indexes = [
            models.Index(
                fields=["created_at"], name="appeal_open", condition=models.Q(outcome__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"appeal on #{self.comment_id}"

    @property
    def is_open(self) -> bool:
        return self.outcome_id is None
