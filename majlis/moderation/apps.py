from __future__ import annotations

import os
import sys

from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "majlis.moderation"
    label = "moderation"
    verbose_name = "Automatic moderation"

    def ready(self) -> None:
        from majlis.moderation import receivers  # noqa: F401  (connects the signal)

        if _serving_with_in_process_worker():
            from majlis.moderation.worker import start_in_process

            start_in_process()


def _serving_with_in_process_worker() -> bool:
    """`make run` assesses comments inside the web process; production runs `majlis worker`."""
    from django.conf import settings

    if not settings.MAJLIS["WORKER_IN_PROCESS"] or "runserver" not in sys.argv[1:2]:
        return False
    # With the autoreloader, only the child process that serves requests runs the worker.
    return os.environ.get("RUN_MAIN") == "true" or "--noreload" in sys.argv
