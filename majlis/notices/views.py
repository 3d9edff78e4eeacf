"""Unsubscribing: one link in every message, and the one-click POST of RFC 8058."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from majlis.notices.links import unsubscribed_digest
from majlis.notices.models import Unsubscribed


# The signed token is the proof a CSRF token would be; a mail client's one-click POST
# carries no cookie.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (a link scanner's GET must not unsubscribe anyone); POST, from
    that page or from a mail client's one-click, unsubscribes."""
    digest = unsubscribed_digest(token)
    if digest is None:
        raise Http404("no such link")
    if request.method == "POST":
        Unsubscribed.objects.get_or_create(digest=digest)
        return render(request, "notices/unsubscribed.html")
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    done = Unsubscribed.objects.filter(digest=digest).exists()
    return render(request, "notices/unsubscribe.html", {"done": done})
