"""Public reads served from the shared cache, with validators a browser or a CDN can use.

An entry is keyed on everything its content depends on, the article's thread version among
them, so a decision never has to find and delete entries: the next read simply misses.
The ETag is a digest of the bytes served and Last-Modified the time they were rendered, so a
revalidation is answered 304 exactly when the client already holds these bytes.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

import majlis

log = logging.getLogger(__name__)


def key(*parts: object) -> str:
    # The version in the key: a deployment with other templates never serves old entries.
    return ":".join(["majlis-read", majlis.__version__, *map(str, parts)])


def serve(
    request: HttpRequest,
    cache_key: str,
    render: Callable[[], HttpResponse],
    *,
    changed_at: datetime,
    vary_on_cookie: bool = False,
    lifetime: int | None = None,
) -> HttpResponse:
    """The cached response for `cache_key`, rendering and storing it on a miss.

    `changed_at` is when the content last changed. Only a 200 is stored; anything else
    `render` returns is passed on as it is. `lifetime` shortens the configured one.
    """
    configured = settings.MAJLIS["READ_CACHE_SECONDS"]
    lifetime = min(configured, lifetime) if lifetime is not None else configured
    entry = _get(cache_key) if lifetime else None
    if entry is None:
        rendered = render()
        if rendered.status_code != 200:
            return rendered
        content = rendered.content
        entry = (
            content,
            rendered["Content-Type"],
            f'"{hashlib.blake2b(content, digest_size=16).hexdigest()}"',
            _last_modified(changed_at),
        )
        if lifetime:
            _set(cache_key, entry, lifetime)
    content, content_type, etag, rendered_at = entry
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    if rendered_at is not None:
        response["Last-Modified"] = http_date(rendered_at)
    make_public(response)
    if vary_on_cookie:
        patch_vary_headers(response, ["Cookie"])
    answer = get_conditional_response(
        request, etag=etag, last_modified=rendered_at, response=response
    )
    # What varies is in the key; the reader's Accept-Language is not (see QueryLocaleMiddleware).
    answer.fixed_language = True
    return answer


# The cache only saves work: whatever it raises (a Redis or database cache gone away), the
# read is rendered and served all the same, and the failure is logged.
def _get(cache_key: str):
    try:
        return cache.get(cache_key)
    except Exception:
        log.warning("the read cache failed; rendering %s", cache_key, exc_info=True)
        return None


def _set(cache_key: str, entry: tuple, lifetime: int) -> None:
    try:
        cache.set(cache_key, entry, lifetime)
    except Exception:
        log.warning("the read cache failed; not keeping %s", cache_key, exc_info=True)


def _last_modified(changed_at: datetime) -> int | None:
    """The render's time, in whole seconds as HTTP dates are, if that tells it apart.

    Rendered in the same second as the last change, an older copy would carry the same
    date, and a client revalidating by date alone would be told it is current: such a
    render names no date, and only its ETag validates it.
    """
    now = int(time.time())
    return now if now > int(changed_at.timestamp()) else None


# While the database is down every page answers 503: a CDN may keep serving its copy
# meanwhile, for a day. Its form is likely too old to post by then, and says so.
STALE_IF_ERROR = 24 * 60 * 60


def make_public(response: HttpResponse) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.MAJLIS["HTTP_MAX_AGE"],
        stale_while_revalidate=settings.MAJLIS["HTTP_STALE_SECONDS"],
        stale_if_error=STALE_IF_ERROR,
    )


def make_private(response: HttpResponse) -> None:
    """For a page rendered for one person: no shared cache may keep it."""
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
