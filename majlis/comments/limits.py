"""Flood limits on the public comment paths, per client address and per email address."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def client_key(group: str, request: HttpRequest) -> str:
    """The client's address for counting, from RATELIMIT_IP_META_KEY; never an error.

    django-ratelimit's own "ip" key raises (a 500) when the header is absent, holds a list
    or is not an address. From a list ("client, proxy" in X-Forwarded-For) the last entry
    counts: it was added by the proxy in front of us, the earlier ones by whoever sent the
    request. An IPv6 client counts by its /64, as one household or host would. What is not
    an address counts under one shared bucket.
    """
    raw = str(request.META.get(settings.RATELIMIT_IP_META_KEY, "") or "")
    try:
        address = ipaddress.ip_address(raw.rsplit(",", 1)[-1].strip())
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def flood_message(request: HttpRequest, email: str | None) -> str | None:
    """Count this attempt; return why it must wait, or None if it may go on.

    Every attempt counts against the client, valid or not; the email's count only starts
    once an address is given, so one reader cannot lock out another by typing their email.
    """
    if is_ratelimited(
        request,
        group="comment-post-client",
        key=client_key,
        rate=settings.MAJLIS["RATE_PER_CLIENT"],
        method=is_ratelimited.ALL,
        increment=True,
    ):
        return _("Too many comments from your connection. Please wait a minute and try again.")
    if email and is_ratelimited(
        request,
        group="comment-post-email",
        key=lambda group, request: email.strip().lower(),
        rate=settings.MAJLIS["RATE_PER_EMAIL"],
        method=is_ratelimited.ALL,
        increment=True,
    ):
        return _("Too many comments from this email address. Please wait a minute.")
    return None
