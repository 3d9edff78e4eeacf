"""Which site a command means: `--site KEY`, else the only site, else the default site."""

from __future__ import annotations

from django.core.management.base import CommandError

from majlis.sites.models import Site


def site_for_command(key: str | None) -> Site:
    if key:
        site = Site.objects.filter(key=key).first()
        if site is None:
            known = ", ".join(Site.objects.values_list("key", flat=True)) or "none"
            raise CommandError(f"--site: no site {key!r} (sites: {known})")
        return site
    sites = list(Site.objects.all()[:2])
    return sites[0] if len(sites) == 1 else Site.default()
