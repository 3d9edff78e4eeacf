"""What commenters asked of Majlis's mail: to hear no more, or to hear of replies."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Comment


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
