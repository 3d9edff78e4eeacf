"""Rate limits are counted in a cache every process shares: the database's by default, Redis
where REDIS_URL names one. Two processes posting as one client share one limit."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time

import pytest
from django.db import connection
from django_ratelimit.core import _get_window

# One "process": count `n` comment attempts from one client address, print how many passed.
ATTEMPTS = """
import sys
import django
django.setup()
from django.test import RequestFactory
from majlis.comments.limits import flood_message
request = RequestFactory().post("/", REMOTE_ADDR=sys.argv[2])
print(sum(flood_message(request, None) is None for _ in range(int(sys.argv[1]))))
"""


def _redis_url() -> str | None:
    """A Redis to count in, if one answers; nothing in it is flushed (see `_client`)."""
    url = os.environ.get("MAJLIS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis
    except ImportError:
        return None
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return None
    return url


def _client() -> str:
    """A fresh address each run, so counts a shared Redis kept from an earlier run are not
    met, whose hour-long window (django-ratelimit staggers them by key) has ten minutes
    left at least: a count that reset halfway through would let more attempts pass."""
    while True:
        address = f"198.18.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
        if _get_window(address, 3600) - time.time() > 600:
            return address


def _environment(tmp_path, backend: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="majlis.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        MAJLIS_RATE_PER_CLIENT="3/h",
    )
    if backend == "redis":
        url = _redis_url()
        if url is None:
            pytest.skip("no Redis on 127.0.0.1:6379")
        env["REDIS_URL"] = url
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - this interpreter, with the suite's own arguments
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["database", "redis"])
def test_two_processes_share_one_clients_limit(tmp_path, backend):
    env = _environment(tmp_path, backend)
    # Only the cache table matters here (migrate makes it too, see below), and it is quicker.
    _run(env, "-m", "majlis.manage", "createcachetable")
    client = _client()
    first = _run(env, "-c", ATTEMPTS, "2", client)
    second = _run(env, "-c", ATTEMPTS, "2", client)
    # Three in all: the second process sees the first one's two attempts.
    assert (first, second) == ("2", "1")


@pytest.mark.django_db
def test_migrate_creates_the_cache_table():
    assert "majlis_cache" in connection.introspection.table_names()


# Several processes counting the same client at the same instant, each as fast as it can.
AT_ONCE = """
import sys
import time
import django
django.setup()
from django.test import RequestFactory
from majlis.comments.limits import flood_message
request = RequestFactory().post("/", REMOTE_ADDR=sys.argv[3])
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
print(sum(flood_message(request, None) is None for _ in range(int(sys.argv[1]))))
"""


@pytest.mark.slow
def test_processes_counting_at_once_lose_no_attempt(tmp_path):
    env = {**_environment(tmp_path, "database"), "MAJLIS_RATE_PER_CLIENT": "20/h"}
    _run(env, "-m", "majlis.manage", "createcachetable")
    start, client = str(time.time() + 3), _client()
    runs = [
        subprocess.Popen(  # noqa: S603 - this interpreter, with the suite's own arguments
            [sys.executable, "-c", AT_ONCE, "30", start, client],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, [err for _, err in outputs]
    allowed = [int(out) for out, _ in outputs]
    # 120 attempts in all: exactly the limit pass, however the processes interleave.
    assert sum(allowed) == 20, allowed
