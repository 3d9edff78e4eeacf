"""What moderators decided about commenters, not single comments: trusted, always
pre-moderated or banned, by email address, by email domain or by signed-in account; and the
disposable-mail domains whose comments wait for a person.

A standing is a standing order for the automatic moderator (see `standings.py`); the desk
shows it on every card of the commenter. One standing per address, domain or account: setting
another replaces it, clearing deletes it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.comments.models import Category


class Standing(models.TextChoices):
    TRUSTED = "trusted", _("Trusted")
    PREMODERATE = "premoderate", _("Always pre-moderate")
    BANNED = "banned", _("Banned")


class Scope(models.TextChoices):
    READER = "reader", _("Signed-in account")
    EMAIL = "email", _("Email address")
    DOMAIN = "domain", _("Email domain")


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower().rstrip(".")


def domain_and_parents(domain: str) -> list[str]:
    """`mail.example.org`, then `example.org`: a domain's standing covers its subdomains."""
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)] or [domain]


class CommenterStanding(models.Model):
    scope = models.CharField(_("applies to"), max_length=8, choices=Scope.choices)
    # The folded email address or domain; empty for a signed-in account.
    value = models.CharField(_("address or domain"), max_length=254, blank=True)
    reader = models.OneToOneField(
        "readers.Reader",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standing",
        verbose_name=_("signed-in reader"),
    )
    standing = models.CharField(_("standing"), max_length=12, choices=Standing.choices)
    # A ban rejects every new comment under this guideline category, with the note as reason.
    category = models.CharField(
        _("rejected for"), max_length=20, choices=Category.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    # The moderator who set it; none for a standing an import carried over (`imported_from`
    # then says whose it was there).
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    imported_from = models.CharField(_("imported from"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("commenter standing")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "value"],
                condition=models.Q(reader__isnull=True),
                name="one_standing_per_address",
            ),
            models.CheckConstraint(
                condition=models.Q(scope="reader", reader__isnull=False, value="")
                | (~models.Q(scope="reader") & models.Q(reader__isnull=True) & ~models.Q(value="")),
                name="standing_names_its_commenter",
            ),
            models.CheckConstraint(
                condition=~models.Q(standing="banned") | ~models.Q(category=""),
                name="ban_names_a_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_standing_display()}: {self.subject}"

    @property
    def subject(self) -> str:
        """Whom it is about, for the desk (moderators only: it may be an address)."""
        if self.scope == Scope.READER:
            return f"{self.reader.sub}" if self.reader_id else "?"
        return self.value if self.scope == Scope.EMAIL else f"@{self.value}"

    def clean(self) -> None:
        if self.standing == Standing.BANNED and not self.category:
            raise ValidationError({"category": _("A ban names the guideline it rejects for.")})
        if self.standing == Standing.BANNED and not self.note.strip():
            raise ValidationError({"note": _("A ban gives its reason in the note.")})


class DisposableDomain(models.Model):
    """A throwaway-mail domain added by the newsroom to the list shipped with Majlis."""

    domain = models.CharField(_("domain"), max_length=254, unique=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("disposable email domain")

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs) -> None:
        self.domain = email_domain("@" + self.domain.removeprefix("@"))
        super().save(*args, **kwargs)
