"""A comment a moderator sent up to an editor, with a note: the escalation queue.

An escalation is open until an editor sends the comment back to the queue (with a note of
their own) or the comment is decided. While open, the comment waits in the escalation queue
(editors and admins) and not in the moderators' queue. Rows are kept: they are the log of
who asked whom about what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Comment, Status


class EscalationQuerySet(models.QuerySet["Escalation"]):
    def open(self) -> EscalationQuerySet:
        return self.filter(sent_back_at__isnull=True, comment__status=Status.PENDING)


class Escalation(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="escalations", verbose_name=_("comment")
    )
    note = models.TextField(_("note"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("escalated"), default=timezone.now)
    sent_back_at = models.DateTimeField(_("sent back"), null=True, blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reply = models.TextField(_("editor's note"), blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("escalation")
        constraints = [
            # One open escalation per comment at a time.
            models.UniqueConstraint(
                fields=["comment"],
                condition=models.Q(sent_back_at__isnull=True),
                name="one_open_escalation_per_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.comment_id} by {self.escalated_by}"


def escalated() -> Exists:
    """True for a comment with an escalation not sent back: `Comment.objects.filter(...)`."""
    return Exists(Escalation.objects.filter(comment=OuterRef("pk"), sent_back_at__isnull=True))


def awaiting(queue: str = "pending"):
    """The comments of one queue: "pending" (the moderators', escalated ones left out) or
    "escalated" (the editors'). The desk and the moderation API read the same two."""
    pending = Comment.objects.pending()
    if queue == "escalated":
        return pending.filter(escalated())
    return pending.exclude(escalated())
