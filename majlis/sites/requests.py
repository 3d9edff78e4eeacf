"""Which site a request is for: named by the caller, told by the page's origin, or the default."""

from __future__ import annotations

from django.http import HttpRequest

from majlis.sites.models import Site


def site_of(request: HttpRequest, key: str | None = None) -> Site | str | None:
    """What `Article.objects.in_site` takes for this request.

    The site the caller names by key; else the site whose pages the request comes from (an
    embed tells its site by its Origin alone); else None, the default site.
    """
    if key:
        return key
    origin = request.headers.get("Origin")
    if origin:
        return Site.objects.for_origin(origin).first()
    return None
