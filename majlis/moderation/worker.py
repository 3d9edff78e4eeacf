"""Running the assessment worker: claim a batch, assess it, store it; reconcile now and then.
Between batches it also sends due webhook deliveries and mail, a few seconds' worth at a
time, purges what was sent longer ago than `MAJLIS_OUTBOX_RETENTION_DAYS`, and once a day
learns each site's models from its moderators' decisions (`majlis learn`).

`majlis worker` runs `run_forever` in its own process; several may run on several machines,
since a claim is a conditional update under a lease (see `tasks.claim`). `make run` starts
one on a thread of the web process instead (`start_in_process`), so one command serves a
working site. The loop rides out a database outage (it closes the connection and waits,
with a capped exponential backoff, logging once per outage) and stops on SIGTERM or SIGINT
once the batch in hand is stored.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Sequence

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string

from majlis.learning.schedule import learn_due_sites
from majlis.moderation import tasks
from majlis.moderation.engine import load_models
from majlis.notices import outgoing
from majlis.webhooks import delivery

log = logging.getLogger(__name__)


class Worker:
    """One assessment loop. `run(drain=True)` returns once nothing is due (`--batch`)."""

    def __init__(
        self,
        *,
        interval: float = 1.0,
        batch_size: int | None = None,
        backoff: tuple[float, float] = (0.5, 30.0),
        worker_id: str | None = None,
    ) -> None:
        self.interval = interval
        self.batch_size = batch_size or settings.MAJLIS["ASSESS_BATCH_SIZE"]
        self.backoff_first, self.backoff_cap = backoff
        host = socket.gethostname()[:32]
        self.id = worker_id or f"{host}-{os.getpid()}-{get_random_string(8)}"
        self.stopping = threading.Event()
        self.assessed = 0

    def stop(self) -> None:
        """Stop after the batch in hand (or at once, if waiting)."""
        self.stopping.set()

    def run(self, *, drain: bool = False) -> int:
        """Assess until stopped, or with `drain` until nothing is due; returns how many."""
        log.info("assessment worker %s started", self.id)
        delay: float | None = None  # set while the database is away
        outage_started = 0.0
        next_reconcile = time.monotonic() + settings.MAJLIS["RECONCILE_SECONDS"]
        # Learning from the desk (`majlis learn`), checked at start and then this often.
        learn_every = max(settings.MAJLIS["LEARN_INTERVAL_HOURS"], 0) * 3600
        next_learn = time.monotonic()
        heartbeat = Heartbeat(self.id)
        heartbeat.start()
        try:
            while not self.stopping.is_set():
                try:
                    if delay is not None:
                        # What this worker held when the database went is due again now.
                        tasks.release(self.id)
                        delivery.release(self.id)
                        outgoing.release(self.id)
                    if not drain and time.monotonic() >= next_reconcile:
                        next_reconcile = time.monotonic() + settings.MAJLIS["RECONCILE_SECONDS"]
                        self._reconcile()
                    if not drain and learn_every and time.monotonic() >= next_learn:
                        next_learn = time.monotonic() + learn_every
                        self._learn()
                    ids = tasks.claim(self.id, self.batch_size)
                    if ids:
                        self._assess(ids, heartbeat)
                    sent = self._deliver()
                except tasks.OUTAGE as error:
                    if delay is None:
                        log.warning("database unavailable (%s); retrying with backoff", error)
                        delay, outage_started = self.backoff_first, time.monotonic()
                    else:
                        delay = min(delay * 2, self.backoff_cap)
                    _close_connection()
                    self.stopping.wait(delay)
                    continue
                if delay is not None:
                    log.warning(
                        "database reachable again after %.0f s; resuming",
                        time.monotonic() - outage_started,
                    )
                    delay = None
                if not ids and not sent:
                    if drain:
                        break
                    # Idle: a good moment to drop a connection past its age (a busy worker
                    # keeps its own, as reconnecting for every batch is costly on SQLite).
                    close_old_connections()
                    self.stopping.wait(self.interval)
        finally:
            heartbeat.stop()
            _close_connection()
        log.info("assessment worker %s stopped after %s comment(s)", self.id, self.assessed)
        return self.assessed

    def _assess(self, ids: Sequence[int], heartbeat: Heartbeat) -> None:
        heartbeat.hold(ids)
        try:
            outcome = tasks.assess_batch(self.id, ids)
        finally:
            heartbeat.hold(())
        self.assessed += outcome.stored
        if outcome.lost:
            log.warning(
                "%s comment(s) were taken over after this worker's lease ran out", outcome.lost
            )

    def _learn(self) -> None:
        for site, results in learn_due_sites(self.id).items():
            for result in results:
                log.info("learned %s/%s", site, result.line())

    def _deliver(self) -> int:
        """Send due webhook deliveries and mail; a broken outbox must not stop assessments."""
        attempted = 0
        senders = (("webhook deliveries", delivery.deliver_due), ("mail", outgoing.send_due))
        for name, send in senders:
            try:
                attempted += send(self.id)
            except tasks.OUTAGE:
                raise
            except Exception:
                log.exception("sending %s failed", name)
        return attempted

    def _reconcile(self) -> None:
        found = tasks.reconcile()
        if found:
            log.warning("re-enqueued %s comment(s) waiting without an assessment", found)
        purged = purge_outboxes()
        if purged:
            log.info("purged %s sent webhook deliveries and mail", purged)


class Heartbeat(threading.Thread):
    """Renews the lease of the batch in hand every third of a lease, so that a slow batch
    keeps its comments and only a dead worker's claims run out. Touches the database only
    when a batch outlives a third of its lease."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="majlis-lease", daemon=True)
        self.worker_id = worker_id
        self.ids: list[int] = []
        self.lock = threading.Lock()
        self.done = threading.Event()

    def hold(self, ids: Sequence[int]) -> None:
        with self.lock:
            self.ids = list(ids)

    def run(self) -> None:
        every = tasks.lease().total_seconds() / 3
        try:
            while not self.done.wait(every):
                with self.lock:
                    ids = self.ids
                if not ids:
                    continue
                try:
                    tasks.renew(self.worker_id, ids)
                except Exception:
                    log.warning("could not renew the lease of a batch", exc_info=True)
                    _close_connection()
        finally:
            connection.close()

    def stop(self) -> None:
        self.done.set()
        if self.is_alive():
            self.join()


def purge_outboxes() -> int:
    """Delete webhook deliveries and mail sent more than `OUTBOX_RETENTION_DAYS` ago."""
    days = settings.MAJLIS["OUTBOX_RETENTION_DAYS"]
    return delivery.OUTBOX.purge(days) + outgoing.OUTBOX.purge(days)


def _close_connection() -> None:
    try:
        connection.close()
    except Exception:  # a connection already broken may fail to close; it is gone either way
        log.debug("closing a broken database connection failed", exc_info=True)


def run_forever(*, interval: float = 1.0) -> None:
    """The `majlis worker` loop; returns after SIGTERM or SIGINT, once the batch in hand is
    stored (a second signal stops at once: the batch's leases then expire and it is retried)."""
    load_models()
    worker = Worker(interval=interval)

    def stop(signum: int, frame) -> None:
        log.warning("%s: stopping after the current batch", signal.strsignal(signum))
        signal.signal(signum, signal.SIG_DFL)
        worker.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    worker.run()


def start_in_process() -> Worker:
    """Start the worker (and its reconciler) on a daemon thread of this (web) process."""
    worker = Worker()

    def work() -> None:
        load_models()  # here, not in the web server's start-up
        worker.run()

    threading.Thread(target=work, name="majlis-worker", daemon=True).start()
    log.info("assessing comments inside this process (MAJLIS_WORKER_IN_PROCESS)")
    return worker
