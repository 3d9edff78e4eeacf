"""Keys for the Perspective-compatible endpoint, and the score feedback its clients send."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone


class ApiKeyManager(models.Manager["ApiKey"]):
    def issue(self, name: str, qps: int = 1, coral_secret: str = "") -> tuple[ApiKey, str]:
        """A new key; the plain key is returned once and never stored."""
        plain = "mjp_" + secrets.token_urlsafe(32)
        key = self.create(
            name=name, qps=qps, digest=ApiKey.digest_of(plain), coral_secret=coral_secret
        )
        return key, plain

    def active(self, plain: str) -> ApiKey | None:
        return self.filter(digest=ApiKey.digest_of(plain), revoked__isnull=True).first()


class ApiKey(models.Model):
    """A client of `comments:analyze` or of Coral's external moderation phase. Only the key's
    SHA-256 is kept, so a database leak reveals none. `qps`: requests a second, as
    Perspective's quota counted them, over both endpoints.

    `coral_secret`: the signing secret Coral shows for its moderation phase. Kept in the
    clear, since checking an HMAC needs it; when set, every request to `/coral/moderation`
    must carry Coral's signature made with it."""

    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    qps = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(default=timezone.now, editable=False)
    revoked = models.DateTimeField(null=True, blank=True)
    coral_secret = models.CharField(
        "Coral signing secret",
        max_length=200,
        blank=True,
        help_text="The external moderation phase's signing secret from Coral's admin "
        "(empsec_...). Leave empty to accept requests without Coral's signature.",
    )

    objects = ApiKeyManager()

    class Meta:
        verbose_name = "Perspective API key"

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest_of(plain: str) -> str:
        return hashlib.sha256(plain.encode()).hexdigest()


class ScoreSuggestion(models.Model):
    """A client's `comments:suggestscore`: the scores it thinks right, kept for evaluation.
    `text` stays empty when the client asked doNotStore."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="suggestions")
    attribute_scores = models.JSONField(default=dict)
    languages = models.JSONField(default=list)
    client_token = models.CharField(max_length=200, blank=True)
    community_id = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.api_key} {self.created:%Y-%m-%d %H:%M}"
