"""Which site a request is for: named by the caller, told by the page's origin, or the default."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from majlis.sites.models import Site, normalise_origin


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


def own_hosts(request: HttpRequest) -> set[str]:
    """Majlis's own hosts (host[:port]): the one this request came in on, and SITE_URL's.

    By host, not origin: behind a proxy that ends TLS, the request may read as plain HTTP
    while the browser's Origin says https."""
    hosts = {request.get_host().lower()}
    configured = urlsplit(settings.SITE_URL)
    if configured.netloc:
        hosts.add(configured.netloc.lower())
    return {_without_default_port(host) for host in hosts}


def _without_default_port(host: str) -> str:
    return host.removesuffix(":80").removesuffix(":443")


def foreign_origin(request: HttpRequest, site: Site) -> str | None:
    """The request's Origin when a browser sent it from a page that is neither Majlis's own
    nor one of `site`'s, or None. Such a page may not post to, or register, the site's
    articles; CORS alone does not stop it where its origin belongs to another site."""
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    try:
        host = urlsplit(normalise_origin(origin)).netloc
    except ValueError:
        # "null" (a sandboxed frame, a file) or junk: no site's origin either.
        return origin
    if host in own_hosts(request) or site.allows(origin):
        return None
    return origin


def foreign_origin_message(origin: str, site: Site) -> str:
    return _(
        "%(origin)s is not one of the origins of the site %(site)s: its pages cannot show "
        "or post comments here."
    ) % {"origin": origin, "site": site.name}
