"""The worker never loses an assessment and never makes two: claims under a lease, a killed
worker's comments retried, a database outage ridden out, SIGTERM a clean stop."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from majlis.moderation import tasks
from majlis.moderation.models import AssessmentJob, CommentAssessment
from majlis.moderation.worker import Worker

pytestmark = pytest.mark.django_db(transaction=True)


def _expire_every_lease() -> None:
    AssessmentJob.objects.update(run_after=timezone.now())


def _comments(make_comment, count: int) -> list:
    return [make_comment(f"Comment {n}: when does the bridge reopen?") for n in range(count)]


class TestClaims:
    def test_two_claimers_take_different_comments(self, make_comment):
        comments = _comments(make_comment, 5)
        first = tasks.claim("worker-a", 2)
        second = tasks.claim("worker-b", 10)
        assert len(first) == 2
        assert not set(first) & set(second)
        assert set(first) | set(second) == {c.pk for c in comments}
        assert tasks.claim("worker-c", 10) == []

    def test_a_claimed_comment_is_not_claimed_again_while_its_lease_runs(self, make_comment):
        comment = make_comment("Will the ferry be free during the closure?")
        assert tasks.claim("worker-a", 10) == [comment.pk]
        assert tasks.claim("worker-b", 10) == []
        job = AssessmentJob.objects.get(comment=comment)
        assert job.claimed_by == "worker-a"
        assert job.attempts == 1
        assert job.run_after > timezone.now()

    def test_an_expired_lease_is_claimable_again(self, make_comment):
        comment = make_comment("Will the ferry be free during the closure?")
        tasks.claim("worker-a", 10)
        _expire_every_lease()
        assert tasks.claim("worker-b", 10) == [comment.pk]
        assert AssessmentJob.objects.get(comment=comment).attempts == 2

    def test_a_worker_that_lost_its_lease_stores_nothing(self, make_comment):
        comment = make_comment("Will the ferry be free during the closure?")
        ids = tasks.claim("worker-a", 10)
        _expire_every_lease()
        assert tasks.claim("worker-b", 10) == ids
        late = tasks.assess_batch("worker-a", ids)
        assert (late.stored, late.lost) == (0, 1)
        assert not CommentAssessment.objects.filter(comment=comment).exists()
        assert tasks.assess_batch("worker-b", ids).stored == 1
        assert CommentAssessment.objects.filter(comment=comment).exists()
        assert not AssessmentJob.objects.exists()

    def test_the_lease_is_renewed_while_a_slow_batch_runs(
        self, make_comment, monkeypatch, settings
    ):
        settings.MAJLIS = {**settings.MAJLIS, "ASSESS_LEASE_SECONDS": 1}
        comment = make_comment("Will the ferry be free during the closure?")
        real, intruder = tasks.assess_many, []

        def slow(*args, **kwargs):
            time.sleep(1.6)  # past the first lease: only renewal keeps the comment
            intruder.extend(tasks.claim("worker-b", 10))
            return real(*args, **kwargs)

        monkeypatch.setattr(tasks, "assess_many", slow)
        assert Worker(interval=0).run(drain=True) == 1
        assert intruder == []
        assert CommentAssessment.objects.filter(comment=comment).exists()


class TestTwoWorkersAtOnce:
    def test_each_comment_is_assessed_and_stored_exactly_once(self, make_comment, monkeypatch):
        comments = _comments(make_comment, 24)
        real_assess, real_assessment = tasks.assess_many, tasks._assessment
        assessed, stored, lock = Counter(), Counter(), threading.Lock()

        def counting(texts, **kwargs):
            with lock:
                assessed.update(texts)
            time.sleep(0.01)  # let the other worker claim meanwhile
            return real_assess(texts, **kwargs)

        def storing(comment, *args):
            def count() -> None:
                with lock:
                    stored[comment.pk] += 1

            transaction.on_commit(count)  # only what is committed counts
            return real_assessment(comment, *args)

        monkeypatch.setattr(tasks, "assess_many", counting)
        monkeypatch.setattr(tasks, "_assessment", storing)
        workers = [Worker(interval=0, batch_size=3, backoff=(0.01, 0.05)) for _ in range(2)]
        threads = [threading.Thread(target=w.run, kwargs={"drain": True}) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
        assert stored == Counter(c.pk for c in comments)
        assert sum(w.assessed for w in workers) == 24
        assert CommentAssessment.objects.count() == 24
        if connection.vendor == "postgresql":
            # SQLite in memory (tests only) refuses a second writer at once instead of
            # waiting: a worker may then redo a batch whose store was refused, never store
            # it twice. PostgreSQL waits, so there the engine, too, runs once per comment.
            assert assessed == Counter(c.body for c in comments)


class TestDatabaseOutage:
    def test_the_worker_waits_for_the_database_and_resumes(self, make_comment, monkeypatch, caplog):
        comment = make_comment("Will the ferry be free during the closure?")
        real, failures = tasks.claim, [3]

        def flaky(*args):
            if failures[0]:
                failures[0] -= 1
                raise OperationalError("the connection is closed")
            return real(*args)

        monkeypatch.setattr(tasks, "claim", flaky)
        caplog.set_level(logging.WARNING, logger="majlis.moderation.worker")
        assert Worker(interval=0, backoff=(0.01, 0.02)).run(drain=True) == 1
        assert CommentAssessment.objects.filter(comment=comment).exists()
        messages = [r.getMessage() for r in caplog.records]
        assert sum("database unavailable" in m for m in messages) == 1
        assert sum("reachable again" in m for m in messages) == 1

    def test_the_backoff_doubles_up_to_its_cap(self, db, monkeypatch):
        def down(*args):
            raise OperationalError("could not connect to server")

        monkeypatch.setattr(tasks, "claim", down)
        worker = Worker(interval=0, backoff=(0.5, 4.0))
        waits: list[float] = []

        def wait(seconds):
            waits.append(seconds)
            if len(waits) == 6:
                worker.stop()
            return worker.stopping.is_set()

        monkeypatch.setattr(worker.stopping, "wait", wait)
        worker.run(drain=True)
        assert waits == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]

    def test_a_batch_cut_off_by_the_outage_is_assessed_once_it_is_back(
        self, make_comment, monkeypatch
    ):
        comment = make_comment("Will the ferry be free during the closure?")
        real, failures = tasks._store, [1]

        def flaky(*args):
            if failures[0]:
                failures[0] -= 1
                raise OperationalError("server closed the connection unexpectedly")
            return real(*args)

        monkeypatch.setattr(tasks, "_store", flaky)
        # Within one run: the claim is given back when the database returns, not left to expire.
        assert Worker(interval=0, backoff=(0.01, 0.02)).run(drain=True) == 1
        assert CommentAssessment.objects.filter(comment=comment).exists()

    def test_a_connection_dropped_by_the_server_is_reopened(self, make_comment):
        if connection.vendor != "postgresql":
            pytest.skip("a server-side disconnect needs PostgreSQL")
        import psycopg

        comment = make_comment("Will the ferry be free during the closure?")
        connection.ensure_connection()
        pid = connection.connection.info.backend_pid
        with psycopg.connect(**_libpq_params(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert Worker(interval=0, backoff=(0.01, 0.02)).run(drain=True) == 1
        assert CommentAssessment.objects.filter(comment=comment).exists()


# --- a worker in a process of its own -----------------------------------------------------


def _libpq_params() -> dict:
    s = connection.settings_dict
    return {
        k: v
        for k, v in {
            "dbname": s["NAME"],
            "user": s["USER"],
            "password": s["PASSWORD"],
            "host": s["HOST"],
            "port": s["PORT"],
        }.items()
        if v
    }


class SharedDatabase:
    """The test's database, as a child process can open it. PostgreSQL: the test database
    itself. SQLite (in memory in tests): a file copy, `push`ed before the child starts and
    `pull`ed back after, so the test reads what the child wrote through the ORM."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "shared.sqlite3"

    @property
    def url(self) -> str:
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            login = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            return f"postgres://{login}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
        return f"sqlite:///{self.file}"

    def push(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def pull(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(self.file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()


# The child runs the real `majlis worker` loop, its engine slowed by the test: a marker file
# says a batch is in hand, then the batch takes `PAUSE` seconds.
CHILD = """
import os, sys, time
import django
django.setup()
from majlis.moderation import tasks, worker
real = tasks.assess_many
def slow(*args, **kwargs):
    open(sys.argv[1], "w").close()
    time.sleep(float(sys.argv[2]))
    return real(*args, **kwargs)
tasks.assess_many = slow
worker.run_forever(interval=0.1)
"""


def _start(shared: SharedDatabase, folder: Path, pause: float, lease: int = 60):
    marker = folder / "batch-in-hand"
    env = {
        **os.environ,  # the suite's settings module and secret key too
        "DATABASE_URL": shared.url,
        "MAJLIS_ASSESS_LEASE_SECONDS": str(lease),
        "MAJLIS_WORKER_IN_PROCESS": "0",
    }
    shared.push()
    child = subprocess.Popen(  # noqa: S603 (this module's own script, run by this Python)
        [sys.executable, "-c", CHILD, str(marker), str(pause)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if child.poll() is not None or time.monotonic() > deadline:
            child.kill()
            pytest.fail(f"the worker never took a batch:\n{child.communicate()[0]}")
        time.sleep(0.05)
    return child


@pytest.mark.slow
class TestAWorkerProcess:
    def test_a_killed_workers_comment_is_assessed_by_another_once_its_lease_expires(
        self, make_comment, tmp_path
    ):
        comment = make_comment("Will the ferry be free during the closure?")
        shared = SharedDatabase(tmp_path)
        child = _start(shared, tmp_path, pause=120, lease=2)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
        shared.pull()
        job = AssessmentJob.objects.get(comment=comment)
        assert job.claimed_by
        assert job.attempts == 1
        # While the dead worker's lease runs, nobody takes its comment ...
        assert Worker(interval=0).run(drain=True) == 0
        time.sleep(max(0.0, (job.run_after - timezone.now()).total_seconds()) + 0.2)
        # ... and once it ran out, the next worker does.
        assert Worker(interval=0).run(drain=True) == 1
        assert CommentAssessment.objects.filter(comment=comment).exists()
        assert not AssessmentJob.objects.exists()

    def test_sigterm_finishes_the_batch_in_hand_then_exits_cleanly(self, make_comment, tmp_path):
        comments = _comments(make_comment, 3)
        shared = SharedDatabase(tmp_path)
        child = _start(shared, tmp_path, pause=1.5)
        child.send_signal(signal.SIGTERM)
        try:
            output = child.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            child.kill()
            pytest.fail("the worker did not stop after SIGTERM")
        assert child.returncode == 0, output
        shared.pull()
        assert CommentAssessment.objects.filter(comment__in=comments).count() == 3
        assert not AssessmentJob.objects.exists()

    def test_sigterm_stops_an_idle_worker_at_once(self, db, tmp_path):
        shared = SharedDatabase(tmp_path)
        shared.push()
        env = {**os.environ, "DATABASE_URL": shared.url, "MAJLIS_WORKER_IN_PROCESS": "0"}
        child = subprocess.Popen(
            [sys.executable, "-m", "majlis.manage", "worker", "--interval", "30"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        started = threading.Event()

        def read() -> None:
            for line in child.stdout:
                lines.append(line)
                if "worker" in line and "started" in line:
                    started.set()

        threading.Thread(target=read, daemon=True).start()
        try:
            assert started.wait(60), "".join(lines)
            # The wait between polls (30 s) must not delay the stop.
            asked = time.monotonic()
            child.send_signal(signal.SIGTERM)
            child.wait(timeout=20)
        finally:
            if child.poll() is None:
                child.kill()
        assert child.returncode == 0, "".join(lines)
        assert time.monotonic() - asked < 10
