"""`/healthz` for load balancers and monitors, and `/favicon.ico` for browsers that ask."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from django.db import connection
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from majlis.comments.models import Comment, Status
from majlis.ops.middleware import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS

log = logging.getLogger(__name__)

FAVICON = Path(__file__).resolve().parent.parent / "static" / "majlis" / "favicon.svg"


def assessment_backlog() -> dict[str, int]:
    """Pending comments the automatic moderator has not assessed yet, and the oldest's age."""
    found = Comment.objects.filter(status=Status.PENDING, assessment__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    oldest = found["oldest"]
    age = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    return {"pending_unassessed": found["count"], "oldest_age_seconds": max(age, 0)}


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers, with the backlog; 503 when it does not.

    A growing backlog is not an outage of the web process (the worker may be down): it is
    reported for monitoring to alert on, and the status stays 200.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        backlog = assessment_backlog()
    except DATABASE_UNAVAILABLE as error:
        log.error("healthz: database unreachable: %s", str(error).strip())
        response = JsonResponse(
            {"status": "unavailable", "database": "unreachable", "backlog": None}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok", "backlog": backlog})


@cache
def _favicon() -> bytes:
    return FAVICON.read_bytes()


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """The SVG icon at the address browsers try when a page names none (every browser that
    asks for it draws SVG); pages link the same file from the static files."""
    response = HttpResponse(_favicon(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    response.fixed_language = True
    return response
