"""`/embed.js` and `/count.js` at the root: the addresses a newsroom pastes into its pages.

Served from the app's static files, so there is one copy of each script; short-lived in
caches (a release reaches every page within minutes) and loadable from any origin.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

STATIC = Path(__file__).resolve().parent / "static" / "embed"


@cache
def _script(name: str) -> bytes:
    return (STATIC / name).read_bytes()


def cross_origin(response: HttpResponse) -> HttpResponse:
    """What a page of another origin needs to load the file: any page may (CORP), and the
    browser takes it only as the type it says it is."""
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _serve(name: str) -> HttpResponse:
    response = HttpResponse(_script(name), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    # One script for every reader, whatever language their browser asks for.
    response.fixed_language = True
    return cross_origin(response)


@require_safe
def embed_js(request: HttpRequest) -> HttpResponse:
    return _serve("embed.js")


@require_safe
def count_js(request: HttpRequest) -> HttpResponse:
    return _serve("count.js")
