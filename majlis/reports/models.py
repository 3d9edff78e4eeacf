"""Readers' reports of published comments, and the moderators' resolutions of them.

A report brings a published comment back before a moderator, who upholds the reports (the
comment is rejected, through `majlis.comments.actions`) or dismisses them (it stays). Each
resolution is a row of its own, never changed: the log of who resolved what, and why.

A notice of illegal content under the EU Digital Services Act (Article 16) is a report whose
reason is "illegal": it carries the notifier's explanation, name and email (not needed for
the child sexual abuse offences the Act exempts) and their statement of good faith.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import AppendOnly, AppendOnlyQuerySet, Category, Comment, Decision

# What a reader may add to a report: a few sentences, not an essay.
NOTE_MAX_LENGTH = 1000
NAME_MAX_LENGTH = 120


# The guideline categories, as a moderator rejects for them, and illegal content: built from
# `Category`, so that a new category is a reason to report too.
Reason = models.TextChoices(
    "Reason",
    [
        *((c.name, (c.value, c.label)) for c in Category),
        ("ILLEGAL", ("illegal", _("Illegal content (a notice under the EU Digital Services Act)"))),
    ],
)


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: comment rejected")
    DISMISSED = "dismissed", _("Dismissed: comment kept")


def reporter_key(
    *,
    reader_id: int | None = None,
    site_id: int | None = None,
    sub: str = "",
    client: str = "",
    local_id: str = "",
) -> str:
    """Who reported, as a keyed digest: one report per reporter per comment.

    A signed-in reader is their account (`site_id` and `sub`). Anyone else is their client's
    network (see `limits.client_key`) together with the random id their browser keeps for
    Majlis (a cookie on Majlis's pages, local storage in the embed), so that readers behind
    one address can each report once; the digest names neither.
    """
    who = f"account\x1f{site_id}\x1f{sub}" if sub else f"client\x1f{client}\x1f{local_id}"
    return hmac.new(settings.SECRET_KEY.encode(), who.encode(), hashlib.sha256).hexdigest()


class ReportResolution(AppendOnly):
    """A moderator's answer to the open reports of one comment. Never changed."""

    append_only = "resolutions of reports are never changed or deleted"

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="resolutions")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_resolutions"
    )
    # The rejection an upheld report led to; none for a dismissal.
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="resolutions"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("resolution of reports")
        verbose_name_plural = _("resolutions of reports")

    def __str__(self) -> str:
        return f"{self.outcome} #{self.comment_id} by {self.moderator}"


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(resolution__isnull=True)


class Report(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="reports", verbose_name=_("comment")
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    # The reader's words; for a notice of illegal content, why it is illegal.
    note = models.TextField(_("note"), blank=True)
    reporter = models.CharField(max_length=64, editable=False)
    reader = models.ForeignKey(
        "readers.Reader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="reports",
        verbose_name=_("signed-in reader"),
    )
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A notice of illegal content only: who sent it (for the moderators, never published).
    notifier_name = models.CharField(_("notifier's name"), max_length=NAME_MAX_LENGTH, blank=True)
    notifier_email = models.EmailField(_("notifier's email"), max_length=254, blank=True)
    good_faith = models.BooleanField(_("stated in good faith"), default=False)
    concerns_child_abuse = models.BooleanField(_("concerns child sexual abuse"), default=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, db_index=True)
    resolution = models.ForeignKey(
        ReportResolution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader"),
        ]
        indexes = [
            # The Reported queue reads open reports only.
            models.Index(
                fields=["comment", "created_at"],
                name="report_open",
                condition=models.Q(resolution__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason} on #{self.comment_id}"

    @property
    def is_notice(self) -> bool:
        """A notice of illegal content under the Digital Services Act."""
        return self.reason == Reason.ILLEGAL

    @property
    def reference(self) -> str:
        """What the notifier's receipt and outcome mails name this notice by."""
        return f"N-{self.pk}"

    @property
    def resolved_at(self):
        return self.resolution.created_at if self.resolution else None

    @property
    def resolved_by(self):
        return self.resolution.moderator if self.resolution else None
