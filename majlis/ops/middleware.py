"""While the database cannot be reached, answer 503 with Retry-After instead of a 500.

A reader or an API client can do nothing about a database outage but wait: the status says
so, the header says for how long, and a proxy or CDN may serve a stale copy meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

#: Seconds a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

#: What a lost or refused connection raises through Django, on SQLite and PostgreSQL alike.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{text}</p></body></html>
"""


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 itself: JSON `{"detail"}` under /api/, a short page elsewhere."""
    text = _("The site cannot reach its database just now. Please try again in a minute.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": text}, status=503)
    else:
        title = _("Temporarily unavailable")
        response = HttpResponse(_PAGE.format(title=title, text=text), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        # One line, not a traceback per request: during an outage every request fails alike.
        log.error("database unavailable, answering 503: %s", str(exception).strip())
        return unavailable_response(request)
