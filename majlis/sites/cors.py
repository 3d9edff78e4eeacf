"""CORS for the sites' origins: django-cors-headers asks, per request, whether to answer."""

from __future__ import annotations

import re

from corsheaders.signals import check_request_enabled
from django.conf import settings
from django.dispatch import receiver

from majlis.sites.models import Site


@receiver(check_request_enabled)
def allowed_origin(sender, request, **kwargs) -> bool:
    # The signal's answer overrides CORS_URLS_REGEX, so the paths are checked here too.
    if not re.match(settings.CORS_URLS_REGEX, request.path_info):
        return False
    origin = request.headers.get("Origin", "")
    return bool(origin) and Site.objects.for_origin(origin).exists()
