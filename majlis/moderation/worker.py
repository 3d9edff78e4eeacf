"""Running the assessment worker: django-tasks-db's worker loop plus a reconciler beside it.

`majlis worker` runs this in its own process (several may run on several machines: the task
backend claims each task under a row lock). `make run` starts it on threads inside the web
process instead, so one command serves a working site.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from majlis.moderation.engine import load_models

log = logging.getLogger(__name__)


def make_worker(*, interval: float = 1.0, batch: bool = False) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=f"majlis-{get_random_string(12)}",
        excluded_queue_names=[],
    )


class Reconciler(threading.Thread):
    """Every `period` seconds, re-enqueue pending comments left without an assessment."""

    def __init__(self, period: float) -> None:
        super().__init__(name="majlis-reconciler", daemon=True)
        self.period = period
        self.stopped = threading.Event()

    def run(self) -> None:
        from majlis.moderation.tasks import reconcile

        while not self.stopped.wait(self.period):
            try:
                close_old_connections()
                found = reconcile()
                if found:
                    log.warning("re-enqueued %s comment(s) waiting without an assessment", found)
            except Exception:
                log.exception("reconciling assessments failed; trying again later")
            finally:
                connection.close()


def run_forever(*, interval: float = 1.0) -> None:
    """The `majlis worker` loop; returns after SIGTERM or SIGINT, once the current task ends."""
    load_models()
    reconciler = Reconciler(settings.MAJLIS["RECONCILE_SECONDS"])
    reconciler.start()
    worker = make_worker(interval=interval)
    worker.configure_signals()
    try:
        worker.run()
    finally:
        reconciler.stopped.set()


def start_in_process() -> None:
    """Start the worker and the reconciler on daemon threads of this (web) process."""
    worker = make_worker()

    def work() -> None:
        try:
            load_models()  # here, not in the web server's start-up
            worker.run()
        finally:
            connection.close()

    threading.Thread(target=work, name="majlis-worker", daemon=True).start()
    Reconciler(settings.MAJLIS["RECONCILE_SECONDS"]).start()
    log.info("assessing comments inside this process (MAJLIS_WORKER_IN_PROCESS)")
