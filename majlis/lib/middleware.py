"""Django's locale middleware, plus `?lang=<code>` to pick the interface language."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def _requested(request: HttpRequest) -> str | None:
    code = request.GET.get("lang", "")
    try:
        return translation.get_supported_language_variant(code) if code else None
    except LookupError:
        return None


class QueryLocaleMiddleware(LocaleMiddleware):
    """`?lang=` wins over the cookie and Accept-Language, and is remembered in the language
    cookie so the rest of a desk session stays in it. Article pages still speak their
    article's language (their views activate it).

    A response whose language its address decides (an article page, the public JSON) is
    marked `fixed_language`: it does not vary by Accept-Language, so a CDN keeps one copy of
    it rather than one per reader's browser settings.
    """

    def process_request(self, request: HttpRequest) -> None:
        code = _requested(request)
        if code is None:
            super().process_request(request)
            return
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        code = _requested(request)
        if code is not None:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                code,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        if getattr(response, "fixed_language", False):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


class PrivateResponseMiddleware:
    """`Cache-Control: private, no-store` on every response that is for one person.

    That is any response to a request carrying credentials (a session cookie or an
    Authorization header: the desk, the admin, the moderators' API, a signed-in reader) and
    any response setting a cookie (the sign-in forms' CSRF token). Keyed on the request, not
    on the view, so a new desk page or API endpoint cannot forget it; anonymous public pages
    keep whatever caching their views chose.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        credentials = settings.SESSION_COOKIE_NAME in request.COOKIES or (
            "HTTP_AUTHORIZATION" in request.META
        )
        if credentials or response.cookies:
            response["Cache-Control"] = "private, no-store"
        return response
