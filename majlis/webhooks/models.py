"""Webhooks the newsroom registered, and every delivery to them: the queue and its log.

A `Delivery` row is written in the transaction of the event it announces (the outbox), so a
receiver hears of every comment stored and every decision taken, and never of one that was
rolled back. The worker sends due rows (`majlis.webhooks.delivery`); the same rows, kept
after they are sent or given up, are the log the admin shows.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.lib.outbox import OutboxItem, OutboxStatus
from majlis.sites.models import Site


class Event(models.TextChoices):
    COMMENT_CREATED = "comment.created", _("A comment was stored (pending moderation)")
    COMMENT_DECIDED = "comment.decided", _("A comment was approved or rejected")


# HMAC-SHA256 keys shorter than this are within reach of a guess from one signed body.
SECRET_MIN_LENGTH = 16

validate_http_url = URLValidator(
    schemes=["http", "https"], message=_("Enter an http:// or https:// address.")
)


class Webhook(models.Model):
    """An address told of comment events, signed with its own secret.

    Never deleted (its deliveries are its log, and other processes may still be queueing for
    it): switched off with `active` instead. While inactive its queued deliveries wait.
    """

    # A CharField, not a URLField: its validator would also take ftp:// (and say so twice).
    url = models.CharField(_("URL"), max_length=500, validators=[validate_http_url])
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Signs every delivery (X-Majlis-Signature); at least 16 characters."),
    )
    # The events this address wants, as Event values; `clean` makes an empty list all of them.
    events = models.JSONField(_("events"), default=list, blank=True)
    # Told of comments on this site's articles only; blank: on every site's.
    site = models.ForeignKey(
        Site,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="webhooks",
        verbose_name=_("site"),
        help_text=_("Blank: comments on every site."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook")

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        errors = {}
        if not isinstance(self.events, list) or not all(isinstance(e, str) for e in self.events):
            errors["events"] = _("A list of event names.")
        else:
            unknown = [e for e in self.events if e not in Event.values]
            if unknown:
                errors["events"] = _("Unknown events: %(unknown)s (known: %(known)s).") % {
                    "unknown": ", ".join(unknown),
                    "known": ", ".join(Event.values),
                }
            else:
                self.events = list(dict.fromkeys(self.events)) or list(Event.values)
        if self.secret and len(self.secret) < SECRET_MIN_LENGTH:
            errors["secret"] = _("At least %(n)s characters.") % {"n": SECRET_MIN_LENGTH}
        if errors:
            raise ValidationError(errors)

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


# The outbox's states (`majlis.lib.outbox`), by the name the webhook code knew first.
DeliveryStatus = OutboxStatus


class Delivery(OutboxItem):
    """One event for one webhook: queued, then sent (retried with backoff) or given up.

    `body` is the exact JSON sent, fixed when the event happened, so a retry sends the same
    bytes (only the signature's timestamp is new). Its queue fields are the outbox's.
    """

    webhook = models.ForeignKey(Webhook, on_delete=models.PROTECT, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    body = models.TextField(_("payload"))
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            # The worker reads the rows still to send, by when they are due.
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk} to {self.webhook_id}"
