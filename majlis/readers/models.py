"""Readers signed in by their newsroom: an account of the newsroom's site, known to Majlis by
the site and the account's id there (`sub`), with the name and email its last token gave.

Majlis keeps no password and no session for them: each comment carries a fresh token from
the newsroom's page (see `majlis.readers.sso`), and the comment is tied to the account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from majlis.readers.sso import SUB_MAX_LENGTH, Claims
from majlis.sites.models import Site


class ReaderQuerySet(models.QuerySet["Reader"]):
    def signed_in(self, site: Site, claims: Claims) -> Reader:
        """The site's reader these verified claims name, created on their first comment and
        otherwise brought up to date with the token's name and email. Call it inside the
        transaction that stores the comment, so a refused comment leaves no reader behind."""
        now = timezone.now()
        reader, _created = self.update_or_create(
            site=site,
            sub=claims.sub,
            defaults={"name": claims.name, "email": claims.email, "last_seen_at": now},
            create_defaults={
                "name": claims.name,
                "email": claims.email,
                "created_at": now,
                "last_seen_at": now,
            },
        )
        return reader


class Reader(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="readers", verbose_name=_("site")
    )
    sub = models.CharField(
        _("account id"),
        max_length=SUB_MAX_LENGTH,
        help_text=_("The reader's id on the newsroom's site (the token's “sub”)."),
    )
    name = models.CharField(_("name"), max_length=settings.MAJLIS["NAME_MAX_LENGTH"])
    email = models.EmailField(_("email"), max_length=254)
    created_at = models.DateTimeField(_("first comment"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last comment"), default=timezone.now)

    objects = ReaderQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at", "pk"]
        verbose_name = _("signed-in reader")
        constraints = [
            models.UniqueConstraint(fields=["site", "sub"], name="reader_unique_per_site"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sub})"
