"""What commenters asked of Majlis's mail: to hear no more, or to hear of replies."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Comment
from majlis.lib.outbox import OutboxItem


def address_digest(email: str) -> str:
    """An address as stored here: a digest of it folded as the comments are searched
    (`iexact`), so the table of refusals is not itself a list of addresses."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class UnsubscribedQuerySet(models.QuerySet["Unsubscribed"]):
    def includes(self, email: str) -> bool:
        return self.filter(digest=address_digest(email)).exists()


class Unsubscribed(models.Model):
    """An address that asked for no more mail: none is sent to it, of any kind."""

    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("unsubscribed"), default=timezone.now, editable=False)

    objects = UnsubscribedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unsubscribed address")
        verbose_name_plural = _("unsubscribed addresses")

    def __str__(self) -> str:
        return self.digest[:12]

    @classmethod
    def add(cls, email: str) -> None:
        cls.objects.get_or_create(digest=address_digest(email))


class ReplySubscription(models.Model):
    """A commenter asked, with their comment, to be told of approved replies to it."""

    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="reply_subscription"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"replies to #{self.comment_id}"


class Mail(OutboxItem):
    """One message to one address, stored in the transaction of what it tells of (the
    outbox), then sent by the worker (`majlis.notices.outgoing`): a mail server that is away
    delays a message, it never loses one nor holds up the decision.

    The message is composed when the event happens, in the article's language, and sent as
    stored. `kind` names its template (`published`, `rejected`, `reply`, `privacy`, ...).
    """

    to = models.EmailField(_("to"), max_length=254)
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("formatted version"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mail")
        verbose_name_plural = _("mail")
        indexes = [
            # The worker reads the rows still to send, by when they are due.
            models.Index(
                fields=["next_attempt_at"], name="mail_due", condition=models.Q(status="pending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
