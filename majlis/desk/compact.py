"""The desk's compact mode: denser cards, remembered in the moderator's session, so the
page is rendered compact from its first byte and nothing moves once it has loaded."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from majlis.desk.access import moderator_required
from majlis.desk.views import _back

SESSION_KEY = "desk_compact"


def is_compact(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY, False))


@moderator_required
@require_POST
def toggle(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("compact")
    compact = not is_compact(request) if wanted is None else wanted == "1"
    request.session[SESSION_KEY] = compact
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"compact": compact})
    return redirect(_back(request))
