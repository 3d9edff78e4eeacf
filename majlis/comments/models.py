"""Comments, the append-only log of decisions on them, and the community guidelines.

A comment is never edited: its text and author are fixed at insert, guarded here, in the
queryset, and by a database trigger (see migration 0002). Its status changes only through
`majlis.comments.actions.approve` / `reject`, which append a `Decision`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.articles.models import Article
from majlis.moderation.categories import CATEGORIES


class ImmutableError(Exception):
    """Raised on any attempt to change what must never change."""


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    # Taken back by its author: the text, name and email are gone.
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Category(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Off-topic")
    PROFANITY = "profanity", _("Profanity")
    VULGARITY = "vulgarity", _("Vulgarity")
    THREAT = "threat", _("Threat")
    PERSONAL_ATTACK = "personal_attack", _("Personal attack")
    IDENTITY_ATTACK = "identity_attack", _("Identity abuse")
    PROMOTION = "promotion", _("Promotion")


assert tuple(Category.values) == CATEGORIES, "categories.py and Category must agree"

# What a commenter wrote and where: fixed forever once the comment is stored.
IMMUTABLE_FIELDS = frozenset(
    {
        "article",
        "article_id",
        "parent",
        "parent_id",
        "author_name",
        "author_email",
        "body",
        "created_at",
        "reader",
        "reader_id",
    }
)


class CommentQuerySet(models.QuerySet["Comment"]):
    def update(self, **kwargs):
        touched = IMMUTABLE_FIELDS.intersection(kwargs)
        if touched:
            raise ImmutableError(f"comments are never edited: {', '.join(sorted(touched))}")
        return super().update(**kwargs)

    def delete(self):
        # The model's own delete() refuses; so does a bulk delete.
        raise ImmutableError("comments are never deleted: reject them")

    def erase(self) -> int:
        """Blank what these comments' authors wrote and mark them withdrawn: the one change
        the trigger allows (all of it at once). Only `actions.withdraw` calls this."""
        return super().update(
            body="",
            author_name="",
            author_email="",
            reader=None,
            client_hash="",
            status=Status.WITHDRAWN,
        )

    def approved(self) -> CommentQuerySet:
        return self.filter(status=Status.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=Status.PENDING)

    def by_email(self, email: str) -> CommentQuerySet:
        return self.filter(author_email__iexact=email)


class Comment(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="comments", verbose_name=_("article")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replies"
    )
    author_name = models.CharField(_("name"), max_length=80)
    author_email = models.EmailField(_("email"), max_length=254)
    body = models.TextField(_("comment"))
    # The newsroom's account that posted it, when the reader was signed in (name and email
    # are then the account's, as its token gave them); set at insert, like the author.
    reader = models.ForeignKey(
        "readers.Reader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="comments",
        verbose_name=_("signed-in reader"),
    )
    # The comment's language: the article's until the automatic moderator detects it.
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # A keyed hash of the client address: enough to see a flood, not enough to track anyone.
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    # A digest naming the submission (an API Idempotency-Key, or the served form and its
    # text), set at insert: a retried submission finds its comment instead of a second one.
    # NULL, not "", for comments without one: the unique constraint skips NULLs only.
    submission_key = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        indexes = [
            # The moderation queue reads pending comments oldest first.
            models.Index(
                fields=["created_at"],
                name="comment_pending_queue",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["article", "status", "created_at"], name="comment_by_article"),
            models.Index(fields=["author_email"], name="comment_by_email"),
            # The automatic moderator reads each commenter's record by email in any case and
            # by client; these answer it from the index alone, however long the record (the
            # email itself too, without which neither database reads `Lower` from the index).
            models.Index(
                Lower("author_email"),
                F("client_hash"),
                F("status"),
                F("created_at"),
                F("author_email"),
                name="comment_by_email_folded",
            ),
            models.Index(fields=["client_hash", "status", "created_at"], name="comment_by_client"),
        ]
        constraints = [
            # Partial, so that SQLite adds it as an index instead of rebuilding the table
            # (which would drop the trigger that keeps comments unedited).
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=models.Q(submission_key__isnull=False),
                name="comment_submission_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} by {self.author_name}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            loaded = getattr(self, "_loaded", {})
            changed = [name for name, value in loaded.items() if getattr(self, name) != value]
            update_fields = kwargs.get("update_fields")
            if changed or (update_fields and IMMUTABLE_FIELDS.intersection(update_fields)):
                raise ImmutableError("comments are never edited")
            # Write only what may change, so a stale copy can never overwrite the text.
            kwargs["update_fields"] = update_fields or ["language", "status", "decided_at"]
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("comments are never deleted: reject them")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = {
            name: getattr(instance, name)
            for name in ("author_name", "author_email", "body")
            if name in field_names
        }
        return instance

    @property
    def is_pending(self) -> bool:
        return self.status == Status.PENDING

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN


class Verdict(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class AppendOnlyQuerySet(models.QuerySet):
    """Rows of a log that only grows: no bulk update or delete (the model names why)."""

    def update(self, **kwargs):
        raise ImmutableError(self.model.append_only)

    def delete(self):
        raise ImmutableError(self.model.append_only)


class AppendOnly(models.Model):
    """A row written once and never changed or deleted: decisions, resolutions of reports.
    A subclass says why in `append_only`; its manager comes from `AppendOnlyQuerySet`."""

    append_only = "this log is append-only"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError(self.append_only)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(self.append_only)


class Decision(AppendOnly):
    """One approval or rejection, by a person or by the automatic moderator. Never changed."""

    append_only = "the decision log is append-only"

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="decisions")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    # Set when the automatic moderator decided: its version, e.g. "0.1.0".
    automatic_version = models.CharField(max_length=40, blank=True)
    # Set when the decision came with an imported comment: the format it came from, e.g.
    # "disqus" (the comment was already published or removed on the old system).
    imported_from = models.CharField(max_length=40, blank=True, default="")
    categories = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A digest of the comment, the moderator and their Idempotency-Key: a retried decision
    # finds this one instead of logging a second.
    idempotency_key = models.CharField(  # noqa: DJ001 - NULL where none, as submission_key
        max_length=64, null=True, blank=True, editable=False
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moderator__isnull=False)
                | ~models.Q(automatic_version="")
                | ~models.Q(imported_from=""),
                name="decision_has_actor",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="decision_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.verdict} #{self.comment_id} by {self.actor_label}"

    @property
    def is_automatic(self) -> bool:
        return bool(self.automatic_version)

    @property
    def actor_label(self) -> str:
        if self.is_automatic:
            return f"automatic moderator {self.automatic_version}"
        if self.imported_from:
            return f"import from {self.imported_from}"
        return self.moderator.get_username() if self.moderator else "?"


class Withdrawal(models.Model):
    """That a comment's author withdrew it, and when: the log keeps this, not what it said."""

    comment = models.OneToOneField(
        Comment, on_delete=models.PROTECT, related_name="withdrawal", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.comment_id} withdrawn"


class Guideline(models.Model):
    """The community guidelines shown above the form, one text per language."""

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, unique=True
    )
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("community guidelines")
        verbose_name_plural = _("community guidelines")

    def __str__(self) -> str:
        return self.get_language_display()

    @classmethod
    def for_language(cls, language: str) -> Guideline | None:
        found = {g.language: g for g in cls.objects.filter(language__in=[language, "en"])}
        return found.get(language) or found.get("en")
