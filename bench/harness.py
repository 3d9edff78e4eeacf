"""What `make loadtest` and `make faults` share: starting and stopping servers by pid, waiting
for them to answer, counting their CPU time from /proc, and a bounded load generator.

Everything here listens on and talks to 127.0.0.1 only, and every wait has a limit.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = REPO / ".venv" / "bin"
HOST = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")
# One key for every process of a run (the server, the worker, the seeding), new each run.
SECRET_KEY = secrets.token_urlsafe(50)


# Processes -----------------------------------------------------------------------------------


class Process:
    """A child process in a session of its own, stopped by its pid (and its own group)."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.argv, self.log = name, argv, log
        self._log = log.open("ab")
        self.popen = subprocess.Popen(
            argv,
            env=env,
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill9(self) -> None:
        """kill -9 of this process alone, as a crash would."""
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL after `timeout`; then whatever is left of its group."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        # Its group is its own (start_new_session): orphans it left die with it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        self._log.close()

    def tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(p) for p in text.split())
    except OSError:
        pass
    return found


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            out.append(child)
            todo.append(child)
    return out


def leaf_descendants(pid: int) -> list[int]:
    """The processes under `pid` with no children: a gunicorn master's workers, whether the
    master is `pid` itself or a child of a wrapper."""
    return [p for p in descendants(pid) if not children(p)]


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process and of its children it has reaped, in seconds."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # The command name may hold spaces and parentheses: the fields start after the last ")".
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / TICKS


class CpuMeter:
    """CPU time of a process tree (a server's master and workers), plus any extra pids (the
    database's backends) that `extra` names at each reading."""

    def __init__(self, pid: int, extra: Callable[[], Iterable[int]] | None = None) -> None:
        self.pid, self.extra = pid, extra

    def read(self) -> tuple[float, dict[int, float]]:
        tree = sum(cpu_seconds(p) for p in [self.pid, *descendants(self.pid)])
        others = {p: cpu_seconds(p) for p in (self.extra() if self.extra else [])}
        return tree, others

    @staticmethod
    def spent(before: tuple[float, dict[int, float]], after: tuple[float, dict[int, float]]):
        """(server seconds, extra seconds) between two readings; a backend that appeared in
        between counts from zero."""
        extra = sum(v - before[1].get(p, 0.0) for p, v in after[1].items())
        return after[0] - before[0], extra


def wait_ready(port: int, path: str = "/", timeout: float = 60.0, proc: Process | None = None):
    """Until the server at `port` answers `path` with anything below 500."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{proc.name} exited early:\n{proc.tail()}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status < 500:
                return
            last = f"status {status}"
        except OSError as error:
            last = repr(error)
        time.sleep(0.2)
    tail = proc.tail() if proc else ""
    raise RuntimeError(f"port {port} not ready after {timeout:.0f} s ({last})\n{tail}")


# Majlis --------------------------------------------------------------------------------------


def majlis_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a Majlis process in these benchmarks: its own database, no debug,
    rate limits out of the way (the load comes from one address), quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAJLIS_", "DATABASE_"))}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        DEBUG="0",
        LOG_LEVEL="WARNING",
        MAJLIS_RATE_PER_CLIENT="1000000/m",
        MAJLIS_RATE_PER_EMAIL="1000000/m",
        MAJLIS_WORKER_IN_PROCESS="0",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


@functools.cache
def has_majlis_serve() -> bool:
    try:
        done = subprocess.run(
            [str(BIN / "majlis"), "serve", "--help"],
            capture_output=True,
            timeout=60,
            cwd=REPO,
            env=majlis_env("sqlite:///" + os.devnull),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@functools.cache
def no_control_socket(gunicorn: Path) -> list[str]:
    """gunicorn 27's control socket sits at one path per user, so two servers would share
    it: turned off where this gunicorn has it."""
    done = subprocess.run([str(gunicorn), "--help"], capture_output=True, text=True, timeout=60)
    return ["--no-control-socket"] if "--no-control-socket" in done.stdout else []


def majlis_server_argv(port: int, workers: int) -> list[str]:
    """`majlis serve` where it exists; gunicorn on the WSGI application otherwise."""
    if has_majlis_serve():
        return [str(BIN / "majlis"), "serve", "--workers", str(workers), "--port", str(port)]
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        raise FileNotFoundError("neither `majlis serve` nor .venv/bin/gunicorn is there")
    return [
        str(gunicorn),
        *no_control_socket(gunicorn),
        "majlis.wsgi:application",
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
        "--access-logfile",
        "/dev/null",
    ]


def server_description(workers: int) -> str:
    if has_majlis_serve():
        return f"majlis serve --workers {workers}"
    return f"gunicorn majlis.wsgi:application -w {workers}"


def can_serve_majlis() -> bool:
    return (BIN / "gunicorn").exists() or has_majlis_serve()


def start_majlis(port: int, workers: int, env: dict[str, str], log: Path) -> Process:
    proc = Process("majlis server", majlis_server_argv(port, workers), env, log)
    try:
        wait_ready(port, "/api/v1/openapi.json", proc=proc)
    except Exception:
        proc.stop()
        raise
    return proc


def start_worker(env: dict[str, str], log: Path) -> Process:
    return Process("majlis worker", [str(BIN / "majlis"), "worker"], env, log)


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> None:
    subprocess.run(
        [str(BIN / "majlis"), *args],
        env=env,
        cwd=REPO,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def run_python(env: dict[str, str], script: Path, *args: str, timeout: float = 900) -> str:
    done = subprocess.run(
        [str(BIN / "python"), str(script), *args],
        env=env,
        cwd=REPO,
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    )
    return done.stdout


# Load ----------------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    tag: str = ""


@dataclass
class LoadResult:
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    bytes: int = 0
    cpu_s: float = 0.0
    db_cpu_s: float = 0.0
    # (request tag, status, body) of each answer, kept only where the caller asks.
    answers: list[tuple[str, int, bytes]] = field(default_factory=list)

    def add(self, other: LoadResult) -> None:
        """Pool another phase's figures into these (rounds of one measurement)."""
        self.requests += other.requests
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)
        self.bytes += other.bytes
        self.cpu_s += other.cpu_s
        self.db_cpu_s += other.db_cpu_s

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Latency in ms at quantile q (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_s / self.requests if self.requests else float("nan")

    @property
    def db_cpu_ms_per_request(self) -> float:
        return 1000 * self.db_cpu_s / self.requests if self.requests else float("nan")

    def seen(self) -> str:
        """What the clients saw, as `202x950, 500x3, ConnectionResetErrorx2`."""
        parts = [f"{s}x{n}" for s, n in sorted(self.statuses.items())]
        parts += [f"{e}x{n}" for e, n in sorted(self.errors.items())]
        return ", ".join(parts) or "nothing"


def run_load(
    port: int,
    make: Callable[[int], Request],
    *,
    concurrency: int,
    max_requests: int,
    max_seconds: float,
    meter: CpuMeter | None = None,
    keep_answers: bool = False,
    timeout: float = 30.0,
) -> LoadResult:
    """Send up to `max_requests` requests from `concurrency` threads, each on its own
    keep-alive connection, for at most `max_seconds`. `make(i)` builds the i-th request.
    A failed request is counted, never retried: a retry could hide a lost or doubled write."""
    result = LoadResult()
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + max_seconds

    def next_index() -> int | None:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.monotonic() >= deadline:
                return None
            issued += 1
            return issued - 1

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        while (i := next_index()) is not None:
            req = make(i)
            headers = {"Host": f"{HOST}:{port}", **req.headers}
            started = time.perf_counter()
            try:
                conn.request(req.method, req.path, body=req.body, headers=headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                with lock:
                    result.errors[type(error).__name__] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.statuses[response.status] += 1
                result.bytes += len(body)
                if keep_answers:
                    result.answers.append((req.tag, response.status, body))
        conn.close()

    before = meter.read() if meter else None
    started = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max_seconds + timeout + 10)
    result.seconds = time.monotonic() - started
    if meter and before:
        result.cpu_s, result.db_cpu_s = CpuMeter.spent(before, meter.read())
    result.requests = sum(result.statuses.values()) + sum(result.errors.values())
    return result


def wait_idle(meter: CpuMeter, timeout: float = 60.0, quiet: float = 0.05) -> None:
    """Until the server has spent under `quiet` CPU-seconds in half a second: requests a
    timed-out client left behind must not run into the next phase's figures."""
    deadline = time.monotonic() + timeout
    last = meter.read()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = meter.read()
        if sum(CpuMeter.spent(last, now)) < quiet:
            return
        last = now


def majlis_form_token(port: int, key: str) -> str | None:
    """The `form_token` that GET /api/v1/articles/{key} hands a reader for posting, as the
    page's form does; None from a Majlis that asks for none."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", f"/api/v1/articles/{key}", headers={"Accept": "application/json"})
        return json.loads(conn.getresponse().read()).get("form_token")
    finally:
        conn.close()


def json_post(path: str, payload: dict, tag: str = "", **headers: str) -> Request:
    return Request(
        "POST",
        path,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", **headers},
        tag,
    )


def free_port() -> int:
    """A port nothing listens on now, chosen by the kernel (for tests run side by side)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def free_port_check(port: int) -> None:
    """Refuse to start where something already listens (another run left behind)."""
    try:
        http.client.HTTPConnection(HOST, port, timeout=1).connect()
    except OSError:
        return
    sys.exit(f"port {port} is already in use on {HOST}")
