"""Refuse, up front, requests whose URL or form fields hold text no database can store.

JSON bodies are checked by the API's input schemas (majlis.api.schemas.InputSchema); this
covers what reaches views without a schema: the path, the query string and form posts (the
public comment form, the desk's decisions, the admin). Without it, a NUL in `?article=` is a
500 on PostgreSQL, which refuses NUL in any text parameter.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from majlis.lib.text import unstorable_strings

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def request_text_errors(request: HttpRequest) -> dict[str, list[str]]:
    """Field name → reasons, for every unstorable string in the path, query or form body."""
    errors: dict[str, list[str]] = {}
    found = list(unstorable_strings(request.path_info, "path"))
    for key, values in request.GET.lists():
        found += unstorable_strings([key, *values], key)
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        for key, values in request.POST.lists():
            found += unstorable_strings([key, *values], key)
    for field, reason in found:
        # A NUL in a field's name makes the name itself unprintable: show it escaped.
        name = field.encode("unicode_escape").decode() if field != "path" else field
        errors.setdefault(name, [])
        if reason not in errors[name]:
            errors[name].append(reason)
    return errors


def too_large_message() -> str:
    return f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."


class StorableTextMiddleware:
    """A 400 naming the fields with unstorable text; a 413 for a form body too large to read
    (Django's own answer would be an HTML 400, whatever the client asked for)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            errors = request_text_errors(request)
        except RequestDataTooBig:
            return _answer(request, 413, too_large_message())
        if not errors:
            return self.get_response(request)
        summary = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
        return _answer(request, 400, summary, errors)


def _answer(
    request: HttpRequest, status: int, detail: str, errors: dict | None = None
) -> HttpResponse:
    wants_json = request.path_info.startswith("/api/") or "application/json" in (
        request.headers.get("Accept", "")
    )
    if wants_json:
        body = {"detail": detail, **({"errors": errors} if errors else {})}
        return JsonResponse(body, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
