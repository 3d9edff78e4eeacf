"""WSGI entry point for production servers (`majlis serve` runs gunicorn on it)."""

from __future__ import annotations

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
application = get_wsgi_application()


def _start_worker_if_asked() -> None:
    """MAJLIS_WORKER_IN_PROCESS=1 assesses comments on threads of whichever server loads this
    module (gunicorn loads it in each process after forking). Under runserver the moderation
    app's ready() has already started them, and runserver imports this module too."""
    from django.conf import settings

    if settings.MAJLIS["WORKER_IN_PROCESS"] and "runserver" not in sys.argv[1:2]:
        from majlis.moderation.worker import start_in_process

        start_in_process()


_start_worker_if_asked()
