"""`majlis rotate-sso-secret SITE_KEY`: a new sign-in secret for the site, printed last."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from majlis.sites.models import Site, new_sso_secret


class Command(BaseCommand):
    help = (
        "Give the site a new sign-in (SSO) secret, printed as the last line. Tokens signed "
        "with the old one are refused from now on: give the new one to the newsroom's server."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("site_key", metavar="SITE_KEY")

    def handle(self, *args, site_key: str, **options) -> None:
        secret = new_sso_secret()
        # One UPDATE, so two rotations at once leave one secret, the one printed last.
        if not Site.objects.filter(key=site_key).update(sso_secret=secret):
            known = ", ".join(Site.objects.values_list("key", flat=True)) or "none"
            raise CommandError(f"SITE_KEY: no site has the key {site_key!r} (sites: {known})")
        self.stdout.write(
            f"New sign-in (SSO) secret of {site_key!r}; tokens signed with the old one are "
            "refused from now on. For the newsroom's server only:"
        )
        self.stdout.write(secret)
