"""`make faults`: crashes and outages under load, and what survived them.

1. kill -9 of web workers (children of the gunicorn master) during a POST load;
2. kill -9 of `majlis worker`, several times, in the middle of a backlog of assessments;
3. a restart of PostgreSQL during a POST load, on a private cluster this run starts itself
   (never the shared server), skipped where the PostgreSQL binaries are absent.

Per fault it prints, and writes into the "faults" section of docs/performance.md: requests
sent, acknowledged (202), acknowledged but lost, duplicates, comments left unassessed after
the grace period, and what the clients saw. Loopback only; every phase is bounded.

    python bench/faults.py [--quick] [--only web,worker,postgres] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import database
import harness
from harness import REPO, LoadResult, Process
from sections import replace_section

WORKERS = 2


@dataclass(frozen=True)
class Scale:
    load_seconds: float = 10.0
    concurrency: int = 8
    backlog: int = 300
    worker_kills: int = 4
    grace_seconds: float = 60.0


FULL = Scale()
QUICK = Scale(load_seconds=4.0, concurrency=6, backlog=100, worker_kills=3, grace_seconds=40.0)


@dataclass
class Outcome:
    """What one fault did to the comments it was posted with."""

    fault: str
    database: str
    requests: int = 0
    acknowledged: int = 0
    lost: int = 0
    duplicates: int = 0
    stored_unacknowledged: int = 0
    unassessed: int = 0
    seen: str = ""
    notes: list[str] = field(default_factory=list)
    # Comments assessed when each assessment worker was killed.
    progress: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicates == 0 and self.unassessed == 0

    def line(self) -> str:
        return (
            f"{self.fault} ({self.database}): {self.requests} requests, {self.acknowledged}"
            f" acknowledged, {self.lost} acknowledged but lost, {self.duplicates} duplicates,"
            f" {self.unassessed} unassessed after grace; clients saw {self.seen}"
            + (f"; {'; '.join(self.notes)}" if self.notes else "")
        )


class Site:
    """One Majlis on its own database: a web server, an assessment worker, one article."""

    def __init__(self, tmp: Path, database_url: str, port: int | None = None) -> None:
        self.tmp, self.url = tmp, database_url
        self.port = port or harness.free_port()
        tmp.mkdir(parents=True, exist_ok=True)
        # A short grace period, reconcile interval and lease, so that the worker's own
        # recovery of lost assessments happens within the run; small batches, so that a
        # backlog takes many and a kill lands in the middle of one.
        self.env = harness.majlis_env(
            database_url,
            MAJLIS_ASSESS_GRACE_SECONDS="5",
            MAJLIS_RECONCILE_SECONDS="2",
            MAJLIS_ASSESS_LEASE_SECONDS="6",
            MAJLIS_ASSESS_BATCH_SIZE="8",
            DATABASE_CONN_MAX_AGE="60",
        )
        self.server: Process | None = None
        self.worker: Process | None = None
        self.worker_starts = 0

    def prepare(self) -> None:
        if self.url.startswith("postgres"):
            database.recreate_database(self.url)
        harness.manage(self.env, "migrate", "--noinput")
        harness.run_python(self.env, REPO / "bench" / "seed.py", "majlis", "faults:0")

    def start_server(self) -> None:
        self.server = harness.start_majlis(self.port, WORKERS, self.env, self.tmp / "server.log")

    def start_worker(self) -> None:
        self.worker_starts += 1
        self.worker = harness.start_worker(self.env, self.tmp / "worker.log")

    def stop(self) -> None:
        for proc in (self.worker, self.server):
            if proc is not None:
                proc.stop()
        self.worker = self.server = None

    def post_load(self, marker: str, *, seconds: float, requests: int, c: int) -> LoadResult:
        # As a reader's page would: one served form token, then posts that each carry their
        # own Idempotency-Key (a client that retried would send the same one again).
        token = harness.majlis_form_token(self.port, "faults")

        def make(i: int) -> harness.Request:
            payload = {
                "author_name": "Fault Test",
                "author_email": f"fault{i}@example.org",
                "body": f"{marker} {i}: the council should publish the budget before the vote.",
            }
            if token:
                payload["token"] = token
            return harness.json_post(
                "/api/v1/articles/faults/comments",
                payload,
                tag=str(i),
                **{"Idempotency-Key": f"{marker}-{i}"},
            )

        return harness.run_load(
            self.port,
            make,
            concurrency=c,
            max_requests=requests,
            max_seconds=seconds,
            keep_answers=True,
            timeout=30,
        )

    def rows(self, marker: str) -> list[tuple[int, str, bool]]:
        """(id, body, assessed) of the comments this marker posted."""
        return [
            (r[0], r[1], bool(r[2]))
            for r in database.query(
                self.url,
                "SELECT c.id, c.body, a.id FROM comments_comment c"
                " LEFT JOIN moderation_assessment a ON a.comment_id = c.id"
                " WHERE c.body LIKE %s",
                (marker + " %",),
            )
        ]

    def busy(self) -> set[str] | None:
        """What workers hold now: the claimers of assessment jobs (their leases), or, on a
        task backend without them, the running django-tasks rows; None where neither is."""
        for sql in (
            "SELECT DISTINCT claimed_by FROM moderation_job WHERE claimed_by <> ''",
            "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'",
        ):
            try:
                return {str(r[0]) for r in database.query(self.url, sql)}
            except Exception:  # that table is not there: try the other one
                continue
        return None

    def assessed(self, marker: str) -> int:
        return sum(1 for _, _, done in self.rows(marker) if done)

    def wait_assessed(self, marker: str, grace: float) -> int:
        """Until every comment of `marker` is assessed or `grace` has passed: how many not."""
        deadline = time.monotonic() + grace
        while True:
            left = sum(1 for _, _, done in self.rows(marker) if not done)
            if left == 0 or time.monotonic() >= deadline:
                return left
            if self.worker is not None and not self.worker.alive():
                self.start_worker()  # a worker that died by itself is restarted, as systemd would
            time.sleep(1.0)


def tally(outcome: Outcome, site: Site, marker: str, load: LoadResult) -> None:
    """Compare what the clients were told with what the database holds."""
    acked = [json.loads(body)["id"] for _, status, body in load.answers if status == 202]
    rows = site.rows(marker)
    stored = {r[0] for r in rows}
    bodies = Counter(r[1] for r in rows)
    outcome.requests += load.requests
    outcome.acknowledged += len(acked)
    outcome.lost += len(set(acked) - stored)
    # Each request carries a body of its own: two rows with one body are one post stored twice.
    outcome.duplicates += sum(n - 1 for n in bodies.values() if n > 1)
    outcome.duplicates += len(acked) - len(set(acked))
    outcome.stored_unacknowledged += len(stored - set(acked))
    outcome.seen = load.seen()


def web_worker_kills(site: Site, scale: Scale) -> Outcome:
    """POST load while, twice, one gunicorn worker is killed with SIGKILL."""
    outcome = Outcome("kill -9 of a web worker during POSTs", database_name(site.url))
    marker = f"webkill-{secrets.token_hex(4)}"
    site.start_worker()  # first: it loads its models while the web server boots
    site.start_server()
    assert site.server is not None
    killed: list[int] = []

    begun = time.monotonic()

    def killer() -> None:
        for at in (0.3, 0.6):
            time.sleep(max(0.0, begun + scale.load_seconds * at - time.monotonic()))
            workers = harness.leaf_descendants(site.server.pid)
            if workers:
                os.kill(workers[0], 9)
                killed.append(workers[0])

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    load = site.post_load(marker, seconds=scale.load_seconds, requests=100_000, c=scale.concurrency)
    thread.join()
    harness.wait_ready(site.port, "/api/v1/openapi.json", proc=site.server)
    outcome.unassessed = site.wait_assessed(marker, scale.grace_seconds)
    tally(outcome, site, marker, load)
    outcome.notes.append(f"{len(killed)} web workers killed, the master replaced them")
    if outcome.stored_unacknowledged:
        outcome.notes.append(
            f"{outcome.stored_unacknowledged} stored though the client saw an error"
        )
    return outcome


def assessment_worker_kills(site: Site, scale: Scale) -> Outcome:
    """A backlog of comments; the worker is killed with SIGKILL several times while it works
    through it, and restarted each time."""
    outcome = Outcome("kill -9 of the assessment worker mid-backlog", database_name(site.url))
    marker = f"workerkill-{secrets.token_hex(4)}"
    site.start_server()
    load = site.post_load(marker, seconds=60, requests=scale.backlog, c=4)
    tally(outcome, site, marker, load)
    progress = outcome.progress
    step = max(2, scale.backlog // (2 * scale.worker_kills))
    for _ in range(scale.worker_kills):
        before, held = site.assessed(marker), site.busy()
        site.start_worker()
        assert site.worker is not None
        # Kill it in the middle of its work, well into the backlog: a share of the comments
        # assessed, then something newly claimed (15 s at most either way).
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and site.assessed(marker) < before + step:
            time.sleep(0.05)
        while (
            time.monotonic() < deadline and held is not None and not (site.busy() or set()) - held
        ):
            time.sleep(0.01)
        site.worker.kill9()
        progress.append(site.assessed(marker))
    site.start_worker()
    outcome.unassessed = site.wait_assessed(marker, scale.grace_seconds)
    outcome.notes.append(
        f"{scale.worker_kills} kills; assessed at each kill: {', '.join(map(str, progress))}"
        f" of {outcome.acknowledged}"
    )
    return outcome


def postgres_restart(site: Site, scale: Scale, pg: database.PrivatePostgres) -> Outcome:
    """POST load while the (private) PostgreSQL server restarts."""
    outcome = Outcome("PostgreSQL restart during POSTs", "postgresql")
    marker = f"pgrestart-{secrets.token_hex(4)}"
    site.start_worker()
    site.start_server()
    took: list[float] = []

    def restarter() -> None:
        time.sleep(scale.load_seconds * 0.3)
        started = time.monotonic()
        pg.restart()
        took.append(time.monotonic() - started)

    thread = threading.Thread(target=restarter, daemon=True)
    thread.start()
    load = site.post_load(marker, seconds=scale.load_seconds, requests=100_000, c=scale.concurrency)
    thread.join()
    outcome.unassessed = site.wait_assessed(marker, scale.grace_seconds)
    tally(outcome, site, marker, load)
    if took:
        outcome.notes.append(f"the restart took {took[0]:.1f} s")
    if outcome.stored_unacknowledged:
        outcome.notes.append(
            f"{outcome.stored_unacknowledged} stored though the client saw an error"
        )
    return outcome


def database_name(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def run(only: list[str], scale: Scale, databases: list[str], port: int) -> list[Outcome]:
    """Each wanted scenario on a fresh site, on each database; the PostgreSQL restart only on
    a private cluster this run starts."""
    tmp = Path(tempfile.mkdtemp(prefix="majlis-faults-"))
    wants_pg = "postgresql" in databases or "postgres" in only
    if wants_pg and database.postgres_bin() is None:
        print("no PostgreSQL server binaries: the PostgreSQL runs are skipped")
        databases = [d for d in databases if d != "postgresql"]
        only = [o for o in only if o != "postgres"]
        wants_pg = False
    plan = [
        (db, scenario)
        for db in databases
        for name, scenario in (("web", web_worker_kills), ("worker", assessment_worker_kills))
        if name in only
    ]
    outcomes: list[Outcome] = []
    pg = None
    if wants_pg:
        try:
            pg = database.PrivatePostgres(port + 50)
        except (OSError, subprocess.SubprocessError) as error:
            print(f"a private PostgreSQL could not start ({error}): its runs are skipped")
            plan = [(db, scenario) for db, scenario in plan if db != "postgresql"]
    try:
        if "postgres" in only and pg is not None:
            plan.append(("postgresql", partial(postgres_restart, pg=pg)))
        for n, (db, scenario) in enumerate(plan):
            folder = tmp / str(n)
            url = pg.url if db == "postgresql" and pg else f"sqlite:///{folder / 'majlis.sqlite3'}"
            site = Site(folder, url, port + n)
            site.prepare()
            started = time.monotonic()
            try:
                outcome = scenario(site, scale)
            finally:
                site.stop()
            outcome.seconds = time.monotonic() - started
            print(outcome.line(), flush=True)
            outcomes.append(outcome)
    finally:
        if pg is not None:
            pg.stop()
        if outcomes and all(o.ok for o in outcomes) and len(outcomes) == len(plan):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"the servers' and workers' logs are kept in {tmp}")
    return outcomes


def report(outcomes: list[Outcome], seconds: float, quick: bool) -> str:
    lines = [
        "## Faults under load",
        "",
        f"Measured by `make faults` (`bench/faults.py`{' --quick' if quick else ''}) on"
        f" {platform.machine()}, {os.cpu_count()} cores, in {seconds / 60:.1f} minutes: Majlis"
        f" under gunicorn with {WORKERS} workers and one `majlis worker`, POSTs from"
        " 127.0.0.1, each with a body of its own. *Lost*: acknowledged with 202 but not in the"
        " database afterwards. *Duplicates*: one post stored twice. *Unassessed*: comments"
        " without an assessment once the grace period is over (the worker runs with"
        " `MAJLIS_ASSESS_GRACE_SECONDS=5`, `MAJLIS_RECONCILE_SECONDS=2`,"
        " `MAJLIS_ASSESS_LEASE_SECONDS=6`, `MAJLIS_ASSESS_BATCH_SIZE=8`). The PostgreSQL"
        " restart runs on a private cluster this command starts and stops.",
        "",
        "| fault | database | requests | acknowledged | lost | duplicates | unassessed |"
        " clients saw | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.fault} | {o.database} | {o.requests} | {o.acknowledged} | {o.lost} |"
            f" {o.duplicates} | {o.unassessed} | {o.seen} | {'; '.join(o.notes)} |"
        )
    lines += ["", "Targets: 0 lost, 0 duplicates, 0 unassessed after the grace period."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="web,worker,postgres")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--port", type=int, default=8640, help="web servers from here, PostgreSQL +50"
    )
    args = parser.parse_args()
    if not harness.can_serve_majlis():
        sys.exit("neither `majlis serve` nor .venv/bin/gunicorn: run `make faults`")
    started = time.monotonic()
    only, databases = (list(filter(None, a.split(","))) for a in (args.only, args.databases))
    outcomes = run(only, QUICK if args.quick else FULL, databases, args.port)
    text = report(outcomes, time.monotonic() - started, args.quick)
    print(text)
    if not args.no_write:
        replace_section(REPO / "docs" / "performance.md", "faults", text)
        print("wrote docs/performance.md (section faults)")
    sys.exit(0 if all(o.ok for o in outcomes) else 1)


if __name__ == "__main__":
    main()
