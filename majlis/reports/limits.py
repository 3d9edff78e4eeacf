"""How often one client may report: enough for a reader going through a bad thread, too few
to bury the desk."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from majlis.comments.limits import Flood, client_key


def report_flood(request: HttpRequest) -> Flood | None:
    """Count this attempt against the client; why it must wait, or None if it may go on.
    Every attempt counts, valid or not, repeated or new."""
    usage = get_usage(
        request,
        group="comment-report-client",
        key=client_key,
        rate=settings.MAJLIS["REPORT_RATE_PER_CLIENT"],
        increment=True,
    )
    if usage and usage["should_limit"]:
        return Flood(
            _("Too many reports from your connection. Please wait a while and try again."),
            max(1, int(usage["time_left"])),
        )
    return None
