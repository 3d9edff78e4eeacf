"""`majlis serve` runs the site under gunicorn: it answers, assesses comments in-process when
MAJLIS_WORKER_IN_PROCESS=1 (not only under runserver), stops cleanly on SIGTERM, and answers
503 rather than 500 while its database is unreachable."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# Ports of this suite's servers; each test uses its own so a slow shutdown cannot collide.
_PORTS = iter(range(8150, 8170))


def _env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAJLIS_", "DJANGO_", "DEBUG"))}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="a-test-key-that-is-not-the-development-one-" + "x" * 20,
        DEBUG="0",
        **extra,
    )
    return env


def _majlis(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "majlis.manage", *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _free_port() -> int:
    for port in _PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8150-8169")


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def _serving(env: dict[str, str], *args: str) -> Iterator[tuple[str, subprocess.Popen]]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "majlis.manage", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read().decode() if server.stdout else ""
                    raise AssertionError(f"majlis serve did not answer:\n{output}") from None
                time.sleep(0.2)
        yield base, server
    finally:
        if server.poll() is None:
            os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        if server.stdout:
            server.stdout.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    # One migrated site for the module's servers: migrating takes longer than serving.
    path = tmp_path_factory.mktemp("serve") / "site.sqlite3"
    env = _env(f"sqlite:///{path}")
    _majlis("migrate", "--noinput", env=env)
    _majlis("load_demo", env=env)
    return env, path


def _assessed(path: Path, comment_id: int) -> bool:
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT count(*) FROM moderation_assessment WHERE comment_id = ?", [comment_id]
        ).fetchone()
    return row[0] == 1


class TestServe:
    def test_it_serves_pages_and_logs_each_request(self, site):
        env, _ = site
        with _serving(env, "--workers", "2") as (base, server):
            status, _, body = _get(base + "/")
            assert status == 200
            assert b"<html" in body
            os.kill(server.pid, signal.SIGTERM)
            output = server.communicate(timeout=30)[0].decode()
        assert '"GET / HTTP/1.1" 200' in output

    def test_sigterm_stops_it_cleanly(self, site):
        env, _ = site
        with _serving(env) as (_, server):
            os.kill(server.pid, signal.SIGTERM)
            assert server.wait(timeout=30) == 0

    def test_the_in_process_worker_assesses_comments_under_gunicorn(self, site):
        env, path = site
        env = {**env, "MAJLIS_WORKER_IN_PROCESS": "1"}
        with _serving(env, "--workers", "1") as (base, _):
            with sqlite3.connect(path) as db:
                key = db.execute("SELECT key FROM articles_article LIMIT 1").fetchone()[0]
            # An anonymous caller posts with the form token the article hands out.
            with urllib.request.urlopen(f"{base}/api/v1/articles/{key}", timeout=10) as response:
                token = json.load(response)["form_token"]
            request = urllib.request.Request(
                f"{base}/api/v1/articles/{key}/comments",
                data=json.dumps(
                    {
                        "author_name": "Reader",
                        "author_email": "reader@example.org",
                        "body": "The repairs are overdue; good to see them scheduled.",
                        "token": token,
                    }
                ).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 202
                comment_id = json.load(response)["id"]
            deadline = time.monotonic() + 60
            while not _assessed(path, comment_id):
                assert time.monotonic() < deadline, "the comment was never assessed"
                time.sleep(0.5)

    @pytest.mark.parametrize(
        "database_url",
        [
            "sqlite:///{tmp}/no-such-folder/site.sqlite3",
            # A port of this suite's range where nothing listens: the connection is refused.
            "postgres://postgres@127.0.0.1:8199/majlis",
        ],
        ids=["sqlite", "postgresql"],
    )
    def test_with_the_database_unreachable_it_answers_503(self, tmp_path, database_url):
        env = _env(database_url.format(tmp=tmp_path))
        with _serving(env) as (base, _):
            status, headers, body = _get(base + "/")
            assert status == 503
            assert headers["Retry-After"] == "30"
            status, _, body = _get(base + "/api/v1/articles/anything")
            assert status == 503
            assert "detail" in json.loads(body)
            status, _, body = _get(base + "/healthz")
            assert status == 503
            assert json.loads(body)["status"] == "unavailable"
