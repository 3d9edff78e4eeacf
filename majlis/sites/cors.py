"""CORS for the sites' origins: django-cors-headers asks, per request, whether to answer.

The article API answers the sites' origins only; the embed's own paths answer any origin,
since each of their answers checks the origin against the article's site itself.
"""

from __future__ import annotations

import re

from corsheaders.signals import check_request_enabled
from django.conf import settings
from django.dispatch import receiver

from majlis.sites.models import Site

EMBED_PATHS = r"^/api/v1/embed/"


@receiver(check_request_enabled)
def allowed_origin(sender, request, **kwargs) -> bool:
    # The signal's answer overrides CORS_URLS_REGEX, so the paths are checked here too.
    if not re.match(settings.CORS_URLS_REGEX, request.path_info):
        return False
    origin = request.headers.get("Origin", "")
    if not origin:
        return False
    if re.match(EMBED_PATHS, request.path_info):
        # Any page may read the embed's answers: they refuse a page that is not one of its
        # site's origins themselves (a 403 naming the origin), and the embed can only show
        # that refusal if the browser lets it read it.
        return True
    return Site.objects.for_origin(origin).exists()
