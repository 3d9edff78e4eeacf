"""People who work the desk, their roles, and their API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Readers have no account: they comment with a name and an email.
    MODERATOR = "moderator", _("Moderator")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Admin")


# Each role can do what the roles before it can.
_RANK = {Role.MODERATOR: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, blank=True)

    objects = UserManager()

    def has_role(self, role: Role | str) -> bool:
        """True if the user holds `role` or a role above it; superusers hold every role."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return _RANK.get(Role(self.role), 0) >= _RANK[Role(role)] if self.role else False

    @property
    def can_moderate(self) -> bool:
        return self.has_role(Role.MODERATOR)

    def save(self, *args, **kwargs) -> None:
        # Editors and admins manage articles in the Django admin; admins manage people too.
        if self.role in (Role.EDITOR, Role.ADMIN):
            self.is_staff = True
        if self.role == Role.ADMIN:
            self.is_superuser = True
        super().save(*args, **kwargs)


class ApiTokenManager(models.Manager["ApiToken"]):
    def issue(self, user: User, name: str = "") -> tuple[ApiToken, str]:
        """Create a token for `user`; the plain token is returned once and never stored."""
        plain = "mj_" + secrets.token_urlsafe(32)
        token = self.create(user=user, name=name, digest=ApiToken.digest_of(plain))
        return token, plain

    def user_for(self, plain: str) -> User | None:
        """The active user a bearer token belongs to, or None."""
        token = (
            self.select_related("user")
            .filter(digest=ApiToken.digest_of(plain), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is kept, so a database leak reveals none."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.user} {self.name or self.pk}"

    @staticmethod
    def digest_of(plain: str) -> str:
        return hashlib.sha256(plain.encode()).hexdigest()
