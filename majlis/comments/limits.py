"""Flood limits on the public comment paths, per client address and per email address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited


def flood_message(request: HttpRequest, email: str | None) -> str | None:
    """Count this attempt; return why it must wait, or None if it may go on.

    Every attempt counts against the client, valid or not; the email's count only starts
    once an address is given, so one reader cannot lock out another by typing their email.
    """
    if is_ratelimited(
        request,
        group="comment-post-client",
        key="ip",
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
