"""Flood limits on the public comment paths, per client address and per email address, and
the client address itself, which sign-in lockouts (django-axes) count by too."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage


def client_ip(request: HttpRequest) -> str | None:
    """The client's address from RATELIMIT_IP_META_KEY, or None if it holds none; never an
    error.

    From a list ("client, proxy" in X-Forwarded-For) the last entry counts: it was added by
    the proxy in front of us, the earlier ones by whoever sent the request.
    """
    raw = str(request.META.get(settings.RATELIMIT_IP_META_KEY, "") or "")
    try:
        return str(ipaddress.ip_address(raw.rsplit(",", 1)[-1].strip()))
    except ValueError:
        return None


def client_key(group: str, request: HttpRequest) -> str:
    """The client's address for counting. django-ratelimit's own "ip" key raises (a 500) when
    the header is absent, holds a list or is not an address. An IPv6 client counts by its
    /64, as one household or host would. What is not an address counts under one shared
    bucket.
    """
    address = client_ip(request)
    if address is None:
        return "unknown"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return address


@dataclass(frozen=True)
class Flood:
    """Why an attempt must wait, and for how many seconds (the rest of the limit's window)."""

    message: str
    retry_after: int

    def apply(self, response: HttpResponse) -> HttpResponse:
        response["Retry-After"] = str(self.retry_after)
        return response


def _usage(request: HttpRequest, group: str, key, rate: str) -> dict | None:
    return get_usage(request, group=group, key=key, rate=rate, increment=True)


def flood_message(request: HttpRequest, email: str | None) -> Flood | None:
    """Count this attempt; return why it must wait, or None if it may go on.

    Every attempt counts against the client, valid or not; the email's count only starts
    once an address is given, so one reader cannot lock out another by typing their email.
    """
    usage = _usage(request, "comment-post-client", client_key, settings.MAJLIS["RATE_PER_CLIENT"])
    if usage and usage["should_limit"]:
        return Flood(
            _("Too many comments from your connection. Please wait a minute and try again."),
            _seconds_left(usage),
        )
    if email:
        usage = _usage(
            request,
            "comment-post-email",
            lambda group, request: email.strip().lower(),
            settings.MAJLIS["RATE_PER_EMAIL"],
        )
        if usage and usage["should_limit"]:
            return Flood(
                _("Too many comments from this email address. Please wait a minute."),
                _seconds_left(usage),
            )
    return None


def _seconds_left(usage: dict) -> int:
    # time_left is -1 when the cache could not count at all: ask for a short wait then.
    return max(1, int(usage["time_left"]))
