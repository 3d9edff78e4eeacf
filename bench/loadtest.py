"""`make loadtest`: Majlis (SQLite, PostgreSQL) and Isso 0.14.0 side by side, on the same data.

Each system is seeded with the same generated threads (100 comments, 5,000 comments, an
empty one to post into), served with two worker processes, and measured phase by phase on
127.0.0.1: requests per second, p50/p99 latency and the server's CPU time per request (utime
+ stime of the master and its workers from /proc). The comments table is then grown to
200,000 rows and the thread reads measured again. Every phase is bounded in requests and in
seconds; the results replace the "loadtest" section of docs/performance.md.

    python bench/loadtest.py [--quick] [--only isso,sqlite,postgres] [--no-write]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import database
import harness
from harness import HOST, REPO, CpuMeter, LoadResult, Process, Request
from sections import replace_section
from seed import seed_isso

PG_URL = "postgres://postgres@127.0.0.1:5432/majlis_load"
ISSO_VENV = REPO / ".venv-isso"
WORKERS = 2
THREADS = [("thread-100", 100), ("thread-5000", 5000), ("thread-post", 0)]
# Both systems answer one page of 100 comments: Majlis's page size, Isso's `limit`.
PAGE = 100


@dataclass(frozen=True)
class Scale:
    big_table: int
    c_get: int = 32
    get_requests: int = 4000
    get_seconds: float = 8.0
    whole_requests: int = 1000
    whole_seconds: float = 12.0
    post_requests: int = 1500
    post_seconds: float = 6.0
    flat_rounds: int = 3
    flat_requests: int = 200
    flat_seconds: float = 1.5
    warmup_seconds: float = 2.0


FULL = Scale(big_table=200_000)
QUICK = Scale(
    big_table=20_000,
    get_requests=600,
    get_seconds=2.0,
    whole_requests=100,
    whole_seconds=4.0,
    post_requests=200,
    post_seconds=2.0,
    flat_rounds=2,
    flat_requests=50,
    flat_seconds=0.5,
    warmup_seconds=0.5,
)


@dataclass
class System:
    """One server under test: how to seed it, start it, and what to ask it."""

    name: str
    port: int
    tmp: Path
    results: dict[str, LoadResult] = field(default_factory=dict)
    lost: int = 0
    table_sizes: tuple[int, int] = (0, 0)
    server: Process | None = None
    paths: dict[str, str] = field(default_factory=dict)

    def meter(self) -> CpuMeter:
        assert self.server is not None
        return CpuMeter(self.server.pid)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def discard(self) -> None:
        """Remove this run's database once it is measured (its files go with the folder)."""


class Majlis(System):
    def __init__(self, name: str, port: int, tmp: Path, database_url: str) -> None:
        super().__init__(name, port, tmp)
        tmp.mkdir(parents=True, exist_ok=True)
        self.url = database_url
        self.env = harness.majlis_env(database_url, MAJLIS_PAGE_SIZE=str(PAGE))
        self.posts = itertools.count()
        self.token: str | None = None
        self.paths = {
            "json100": "/api/v1/articles/thread-100/comments",
            "html100": "/articles/thread-100/",
            "page5000": "/api/v1/articles/thread-5000/comments",
            "whole5000": "/articles/thread-5000/",
        }

    def prepare(self) -> int:
        if self.url.startswith("postgres"):
            database.recreate_database(self.url)
        harness.manage(self.env, "migrate", "--noinput")
        return self.seed(0)

    def discard(self) -> None:
        if self.url.startswith("postgres"):
            database.drop_database(self.url)

    def copy(self, port: int, tmp: Path) -> Majlis:
        """Another Majlis on a copy of this one's database."""
        if self.url.startswith("postgres"):
            url = self.url + "_large"
            database.copy_database(self.url, url)
        else:
            tmp.mkdir(parents=True, exist_ok=True)
            path = tmp / "majlis.sqlite3"
            shutil.copyfile(self.url.removeprefix("sqlite:///"), path)
            url = f"sqlite:///{path}"
        return Majlis(f"{self.name} (large)", port, tmp, url)

    def seed(self, table_size: int) -> int:
        specs = [f"{k}:{n}" for k, n in THREADS]
        out = harness.run_python(
            self.env, REPO / "bench" / "seed.py", "majlis", *specs, "--table-size", str(table_size)
        )
        if self.url.startswith("postgres"):
            database.execute(self.url, "ANALYZE")
        return int(out.split()[-1])

    def start(self, cache: bool = True) -> None:
        # Without its read cache every GET queries the database: what the table's growth and
        # the "cache off" rows measure. (The variable is ignored where there is no cache.)
        env = self.env if cache else {**self.env, "MAJLIS_READ_CACHE_SECONDS": "0"}
        self.server = harness.start_majlis(self.port, WORKERS, env, self.tmp / "server.log")
        self.token = harness.majlis_form_token(self.port, "thread-post")

    def meter(self) -> CpuMeter:
        assert self.server is not None
        if self.url.startswith("postgres"):
            return CpuMeter(self.server.pid, lambda: database.backend_pids(self.url))
        return CpuMeter(self.server.pid)

    def post(self, i: int) -> Request:
        # Numbered across phases: the warm-up's posts and the measured ones are all distinct
        # (a repeated Idempotency-Key would be answered from the first post, not stored).
        n = next(self.posts)
        payload = {
            "author_name": "Load Test",
            "author_email": f"load{n}@example.org",
            "body": f"Comment {n} of the load test: the bridge should open before winter.",
        }
        if self.token:  # the form token a reader's page carries, where Majlis asks for one
            payload["token"] = self.token
        return harness.json_post(
            "/api/v1/articles/thread-post/comments",
            payload,
            **{"Idempotency-Key": f"load-{n}"},
        )

    def missing(self, ids: list[int]) -> int:
        found = {r[0] for r in database.query(self.url, "SELECT id FROM comments_comment")}
        return len(set(ids) - found)


class Isso(System):
    def __init__(self, port: int, tmp: Path) -> None:
        super().__init__("isso", port, tmp)
        tmp.mkdir(parents=True, exist_ok=True)
        self.db = tmp / "isso.db"
        self.config = tmp / "isso.cfg"
        # `host` is where Isso's site would be: nothing listens there, so its start-up check
        # fails fast; posts carry a title, so Isso never fetches the page either.
        self.config.write_text(
            f"[general]\ndbpath = {self.db}\nhost = http://{HOST}:{harness.free_port()}/\n"
            "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
            f"[server]\nlisten = http://{HOST}:{port}/\n"
        )
        self.env = {**os.environ, "ISSO_SETTINGS": str(self.config)}
        self.paths = {
            "json100": "/?uri=/thread-100",
            "page5000": f"/?uri=/thread-5000&limit={PAGE}",
            "whole5000": "/?uri=/thread-5000",
        }

    def prepare(self) -> int:
        # Isso creates its schema when it opens the database; seed after that.
        create = (
            "import sys; from isso import config; from isso.db import SQLite3;"
            "c = config.load(config.default_file(), sys.argv[1]);"
            "SQLite3(c.get('general', 'dbpath'), c)"
        )
        subprocess.run(
            [str(ISSO_VENV / "bin" / "python"), "-c", create, str(self.config)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        return self.seed(0)

    def copy(self, port: int, tmp: Path) -> Isso:
        other = Isso(port, tmp)
        shutil.copyfile(self.db, other.db)
        return other

    def seed(self, table_size: int) -> int:
        return seed_isso(str(self.db), THREADS, table_size)

    def start(self, cache: bool = True) -> None:
        argv = [
            str(ISSO_VENV / "bin" / "gunicorn"),
            *harness.no_control_socket(ISSO_VENV / "bin" / "gunicorn"),
            "isso.run:application",
            "-w",
            str(WORKERS),
            "-b",
            f"{HOST}:{self.port}",
            "--access-logfile",
            "/dev/null",
        ]
        self.server = Process("isso", argv, self.env, self.tmp / "server.log")
        harness.wait_ready(self.port, "/?uri=/thread-100", proc=self.server)

    def post(self, i: int) -> Request:
        payload = {
            "author": "Load Test",
            "email": f"load{i}@example.org",
            "text": f"Comment {i} of the load test: the bridge should open before winter.",
            "title": "thread-post",
        }
        origin = f"http://{HOST}:{self.port}"
        return harness.json_post("/new?uri=/thread-post", payload, Origin=origin, Referer=origin)

    def missing(self, ids: list[int]) -> int:
        found = {r[0] for r in database.query(f"sqlite:///{self.db}", "SELECT id FROM comments")}
        return len(set(ids) - found)


def get(path: str):
    return lambda i: Request("GET", path)


def measure(
    system: System, key: str, make, *, c: int, n: int, s: float, warm: float, warm_n: int = 0
) -> LoadResult:
    """Warm up for `warm` seconds, wait for the server to fall idle, then measure one bounded
    phase."""
    meter = system.meter()
    harness.run_load(
        system.port, make, concurrency=c, max_requests=warm_n or max(n // 4, c), max_seconds=warm
    )
    harness.wait_idle(meter)
    result = harness.run_load(
        system.port,
        make,
        concurrency=c,
        max_requests=n,
        max_seconds=s,
        meter=meter,
        keep_answers=key == "post",
        timeout=60,
    )
    harness.wait_idle(meter)
    print(
        f"  {system.name:10} {key:12} {result.requests:5} req  {result.rps:7.1f} req/s  "
        f"p50 {result.percentile(0.5):7.1f} ms  p99 {result.percentile(0.99):7.1f} ms  "
        f"{result.cpu_ms_per_request:8.2f} CPU-ms/req  [{result.seen()}]",
        flush=True,
    )
    return result


def run_system(system, scale: Scale) -> None:
    started = time.monotonic()
    small = system.prepare()
    # The large table is a copy of the small one grown with filler threads, served beside it,
    # so that the two can be measured in alternating rounds: the machine's other load then
    # weighs on both alike.
    large = system.copy(system.port + 3, system.tmp / "large")
    system.table_sizes = (small, large.seed(scale.big_table))
    sc = scale
    try:
        system.start()
        for key in ("json100", "html100", "page5000"):
            if key in system.paths:
                system.results[key] = measure(
                    system,
                    key,
                    get(system.paths[key]),
                    c=sc.c_get,
                    n=sc.get_requests,
                    s=sc.get_seconds,
                    warm=sc.warmup_seconds,
                )
        # As many clients as workers: each answer takes seconds, a queue would only add waiting.
        system.results["whole5000"] = measure(
            system,
            "whole5000",
            get(system.paths["whole5000"]),
            c=WORKERS,
            n=sc.whole_requests,
            s=sc.whole_seconds,
            warm=sc.warmup_seconds,
            warm_n=WORKERS,
        )
        post = measure(
            system,
            "post",
            system.post,
            c=8,
            n=sc.post_requests,
            s=sc.post_seconds,
            warm=sc.warmup_seconds,
        )
        system.results["post"] = post
        ids = [json.loads(body)["id"] for _, status, body in post.answers if status in (201, 202)]
        system.lost = system.missing(ids)
        system.stop()
        system.start(cache=False)
        large.start(cache=False)
        for key in ("json100", "html100"):
            if isinstance(system, Majlis):
                system.results[f"{key}-cold"] = measure(
                    system,
                    f"{key}-cold",
                    get(system.paths[key]),
                    c=sc.c_get,
                    n=sc.get_requests,
                    s=sc.get_seconds,
                    warm=sc.warmup_seconds,
                )
        for _ in range(sc.flat_rounds):
            for served, size in ((system, "small"), (large, "large")):
                for key in ("json100", "page5000"):
                    result = measure(
                        served,
                        f"{key}@{size}",
                        get(system.paths[key]),
                        c=1,
                        n=sc.flat_requests,
                        s=sc.flat_seconds,
                        warm=sc.warmup_seconds / 4,
                    )
                    system.results.setdefault(f"{key}@{size}", LoadResult()).add(result)
    finally:
        system.stop()
        large.stop()
        for done in (system, large):
            done.discard()
    print(f"  {system.name}: {time.monotonic() - started:.0f} s", flush=True)


# The report ----------------------------------------------------------------------------------

ROWS = [
    ("json100", "GET 100-comment thread, JSON (c=32)", "≥ 50x less CPU than Isso; p99 ≤ 100 ms"),
    ("html100", "GET 100-comment thread, HTML page (c=32)", "≤ 5 ms when cached"),
    ("json100-cold", "… JSON, Majlis's read cache off (c=32)", ""),
    ("html100-cold", "… HTML page, Majlis's read cache off (c=32)", ""),
    (
        "page5000",
        f"GET 5,000-comment thread, one page of {PAGE} (c=32)",
        "as the 100-comment thread",
    ),
    (
        "whole5000",
        "GET 5,000-comment thread, the article page; Isso: the whole thread (c=2)",
        "paged: no whole-thread page",
    ),
    ("post", "POST a comment (c=8)", "≤ ½ of Isso's CPU, 0 acknowledged lost"),
]


def cell_cpu(system: System | None, key: str) -> str:
    result = system.results.get(key) if system else None
    if result is None or not result.requests:
        return "—"
    text = f"{result.cpu_ms_per_request:.1f}"
    if result.db_cpu_s:
        text += f" (+{result.db_cpu_ms_per_request:.1f} db)"
    failed = sum(n for s, n in result.statuses.items() if s >= 500) + sum(result.errors.values())
    if failed:
        text += f", {failed} of {result.requests} failed"
    return text


def ratio(isso: System | None, other: System | None, key: str) -> str:
    # Isso has no paged article page: its whole thread is not the same request.
    if (
        key == "whole5000"
        or not isso
        or not other
        or key not in isso.results
        or key not in other.results
    ):
        return ""
    a, b = isso.results[key].cpu_ms_per_request, other.results[key].cpu_ms_per_request
    return f"{a / b:.1f}x" if b else ""


def report(systems: dict[str, System], scale: Scale, seconds: float, server: str) -> str:
    isso, lite, pg = (systems.get(k) for k in ("isso", "sqlite", "postgres"))
    lines = [
        "## Load: Majlis beside Isso",
        "",
        f"Measured by `make loadtest` (`bench/loadtest.py`{' --quick' if scale is QUICK else ''})"
        f" on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" in {seconds / 60:.1f} minutes. Both systems ran {WORKERS} worker processes under"
        f" gunicorn (Majlis: `{server}`; Isso 0.14.0: `gunicorn -w {WORKERS} isso.run`),"
        " on 127.0.0.1, on the same generated threads (a fifth of the comments are replies)."
        f" A page is {PAGE} top-level comments with all their replies on both (Majlis:"
        f" `MAJLIS_PAGE_SIZE={PAGE}`; Isso: `limit={PAGE}`). Majlis runs as shipped, its read"
        " cache on, except in the rows marked cache off and in the table-growth rounds. The"
        " load generator shares the machine, as do other people's jobs: latency moves with"
        " them, CPU per request much less. CPU-ms per request is the utime + stime of the"
        " server's master and workers over the measured phase, divided by its requests; for"
        " PostgreSQL the database's backends are shown apart as `+N db`. Each phase warms up"
        " first and is bounded in requests and seconds.",
        "",
        "### Server CPU per request (ms, lower is better)",
        "",
        "| test | Isso | Majlis SQLite | Majlis PostgreSQL | Isso ÷ Majlis (SQLite / PostgreSQL)"
        " | target |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for key, label, target in ROWS:
        both = " / ".join(x for x in (ratio(isso, lite, key), ratio(isso, pg, key)) if x)
        lines.append(
            f"| {label} | {cell_cpu(isso, key)} | {cell_cpu(lite, key)} | {cell_cpu(pg, key)}"
            f" | {both} | {target} |"
        )
    lines += [
        "",
        "### Throughput and latency",
        "",
        "| test | system | requests | req/s | p50 ms | p99 ms | bytes/answer | clients saw |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, label, _ in ROWS:
        for system in (isso, lite, pg):
            result = system.results.get(key) if system else None
            if result is None:
                continue
            per = result.bytes // max(1, sum(result.statuses.values()))
            lines.append(
                f"| {label} | {system.name} | {result.requests} | {result.rps:.1f} |"
                f" {result.percentile(0.5):.1f} | {result.percentile(0.99):.1f} | {per:,} |"
                f" {result.seen()} |"
            )
    lines += [
        "",
        "POSTs acknowledged but not in the database afterwards: "
        + ", ".join(f"{s.name} {s.lost}" for s in (isso, lite, pg) if s)
        + ".",
        "",
    ]
    lines += [
        "### Reads as the comments table grows (one client, Majlis's read cache off; small and"
        " large tables served side by side, measured in alternating rounds)",
        "",
        "| read | system | table rows | p50 ms small → large | change | CPU-ms/req small → large"
        " | change | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    reads = (
        ("json100", "100-comment thread, JSON"),
        ("page5000", "5,000-comment thread, one page"),
    )
    for key, label in reads:
        for system in (isso, lite, pg):
            small = system.results.get(f"{key}@small") if system else None
            big = system.results.get(f"{key}@large") if system else None
            if not small or not big:
                continue
            a, b = small.percentile(0.5), big.percentile(0.5)
            ca, cb = small.cpu_ms_per_request, big.cpu_ms_per_request
            rows = f"{system.table_sizes[0]:,} → {system.table_sizes[1]:,}"
            lines.append(
                f"| {label} | {system.name} | {rows} | {a:.1f} → {b:.1f} | {b / a:.2f}x |"
                f" {ca:.1f} → {cb:.1f} | {cb / ca:.2f}x | flat within ± 20 % |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short phases, a 20k-row table")
    parser.add_argument("--only", default="isso,sqlite,postgres")
    parser.add_argument("--no-write", action="store_true", help="print, leave the docs alone")
    parser.add_argument("--port", type=int, default=8610, help="the first of three ports")
    parser.add_argument("--database-url", default=PG_URL, help="PostgreSQL; dropped and made anew")
    args = parser.parse_args()
    scale = QUICK if args.quick else FULL
    wanted = args.only.split(",")
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="majlis-loadtest-"))
    systems: dict[str, System] = {}
    if "isso" in wanted:
        if (ISSO_VENV / "bin" / "gunicorn").exists():
            systems["isso"] = Isso(args.port, tmp / "isso")
        else:
            print("Isso is not installed in .venv-isso (`make loadtest` installs it): skipped")
    if "sqlite" in wanted:
        url = f"sqlite:///{tmp / 'sqlite' / 'majlis.sqlite3'}"
        systems["sqlite"] = Majlis("sqlite", args.port + 1, tmp / "sqlite", url)
    if "postgres" in wanted:
        systems["postgres"] = Majlis("postgres", args.port + 2, tmp / "postgres", args.database_url)
    server = harness.server_description(WORKERS)
    try:
        for name, system in systems.items():
            harness.free_port_check(system.port)
            print(f"{name}:", flush=True)
            try:
                run_system(system, scale)
            except Exception as error:
                system.stop()
                print(f"  {name} failed: {error}", file=sys.stderr)
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = report(systems, scale, time.monotonic() - started, server)
    print(text)
    if not args.no_write:
        replace_section(REPO / "docs" / "performance.md", "loadtest", text)
        print("wrote docs/performance.md (section loadtest)")


if __name__ == "__main__":
    main()
