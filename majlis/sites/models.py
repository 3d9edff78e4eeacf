"""The newsroom's sites: where articles live, who may embed them, and how readers sign in.

One install can serve several sites (say one per language edition). Each keeps its own
articles (article keys are unique within a site), lists the origins allowed to embed its
threads and post to them, and holds the secret its pages sign readers' tokens with. One site
is the default: the one Majlis's own pages show, and the one an API call names no site for.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

DEFAULT_KEY = "main"


def new_sso_secret() -> str:
    return secrets.token_urlsafe(32)


def normalise_origin(value: str) -> str:
    """`value` as browsers send it in the Origin header: scheme://host[:port], lower case,
    without a default port or anything after the host. ValueError if it is no web origin."""
    raw = value.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise ValueError(f"{raw!r} is not a web origin") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{raw!r} is not a web origin: give scheme://host[:port]")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{raw!r} is not a web origin: leave out the path, query and user")
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


class SiteQuerySet(models.QuerySet["Site"]):
    def for_origin(self, origin: str) -> SiteQuerySet:
        try:
            origin = normalise_origin(origin)
        except ValueError:
            return self.none()
        return self.filter(origins__origin=origin)


class Site(models.Model):
    key = models.SlugField(
        _("key"), max_length=64, unique=True, help_text=_("How the API and commands name it.")
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("default language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of an article registered from the embed without one."),
    )
    auto_register = models.BooleanField(
        _("articles register themselves"),
        default=False,
        help_text=_(
            "An embed naming an unknown article, on a page of an allowed origin, creates it."
        ),
    )
    sso_secret = models.CharField(
        _("sign-in secret"),
        max_length=200,
        default=new_sso_secret,
        help_text=_("The newsroom's site signs readers' tokens (HS256) with this."),
    )
    # A commenter a moderator trusts is approved by the machine only once their record holds
    # this many approved comments and no rejected one.
    trust_after_approvals = models.PositiveIntegerField(
        _("approvals before trust applies"),
        default=3,
        help_text=_(
            "A trusted commenter's comments are approved automatically once this many of "
            "theirs were approved and none rejected. 0: at once."
        ),
    )
    is_default = models.BooleanField(_("default site"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("site")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_site",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default(cls) -> Site:
        """The default site, created on first need (a flushed test database has none)."""
        site = cls.objects.filter(is_default=True).first()
        if site is not None:
            return site
        try:
            with transaction.atomic():
                return cls.objects.create(key=DEFAULT_KEY, name="Majlis", is_default=True)
        except IntegrityError:
            # Created by another request between our look-up and our insert.
            return cls.objects.get(is_default=True)

    def allows(self, origin: str) -> bool:
        """Whether a page of `origin` may embed this site's threads and post to them."""
        try:
            origin = normalise_origin(origin)
        except ValueError:
            return False
        return self.origins.filter(origin=origin).exists()

    def origin_list(self) -> list[str]:
        return [o.origin for o in self.origins.all()]

    def set_origins(self, origins: list[str]) -> None:
        """Replace the site's origins; ValidationError naming `origins` for a bad one."""
        try:
            wanted = list(dict.fromkeys(normalise_origin(o) for o in origins))
        except ValueError as error:
            raise ValidationError({"origins": [str(error)]}) from None
        taken = SiteOrigin.objects.filter(origin__in=wanted).exclude(site=self)
        if taken.exists():
            clash = taken.select_related("site").first()
            raise ValidationError(
                {"origins": [f"{clash.origin} already belongs to the site {clash.site.key!r}."]}
            )
        self.origins.exclude(origin__in=wanted).delete()
        have = set(self.origins.values_list("origin", flat=True))
        SiteOrigin.objects.bulk_create(
            SiteOrigin(site=self, origin=o) for o in wanted if o not in have
        )


def default_site_id() -> int:
    """The default of Article.site: articles made without a site belong to the default."""
    return Site.default().pk


class SiteOrigin(models.Model):
    """An origin whose pages may embed the site: unique, so an origin names one site."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="origins")
    origin = models.CharField(_("origin"), max_length=300, unique=True)

    class Meta:
        ordering = ["origin"]
        verbose_name = _("allowed origin")

    def __str__(self) -> str:
        return self.origin

    def clean(self) -> None:
        try:
            self.origin = normalise_origin(self.origin)
        except ValueError as error:
            raise ValidationError({"origin": [str(error)]}) from None
