"""The page django-axes shows a locked-out sign-in: what happened and how long to wait."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    response = render(
        request, "registration/locked_out.html", {"lockout_minutes": minutes}, status=429
    )
    response["Retry-After"] = str(minutes * 60)
    return response
