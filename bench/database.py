"""The benchmarks' databases without Django: a private PostgreSQL cluster that a fault run
may restart, a fresh database on a PostgreSQL server, and plain queries to count what was
stored, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

HOST = "127.0.0.1"


# PostgreSQL -----------------------------------------------------------------------------------


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary folder, on 127.0.0.1:`port`, so that a
    fault run may restart it without touching anyone else's database server."""

    def __init__(self, port: int) -> None:
        bindir = postgres_bin()
        if bindir is None:
            raise FileNotFoundError("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bindir, self.port = bindir, port
        self.dir = Path(tempfile.mkdtemp(prefix="majlis-pg-"))
        self.data = self.dir / "data"
        # initdb and postgres refuse to run as root: as root, run them as `postgres`.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/majlis_load_faults"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / tool), *args],
            check=True,
            timeout=120,
            capture_output=True,
        )

    def _ctl(self, action: str, *extra: str) -> None:
        options = f"-c listen_addresses={HOST} -p {self.port} -k {self.dir}"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            *extra,
            action,
        )

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        try:
            self._ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def recreate_database(url: str) -> None:
    """Drop and create the database named in a postgres:// URL (on its own server)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def copy_database(url: str, new_url: str) -> None:
    """A new database `new_url` made from `url` as a template (nobody may be connected)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    new = new_url.rsplit("/", 1)[1]
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{new}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{new}" TEMPLATE "{name}"')


def backend_pids(url: str) -> list[int]:
    """The server processes serving connections to the database of `url`."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return [r[0] for r in rows]


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of one read-only query, on SQLite or PostgreSQL, without Django."""
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
        try:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def execute(url: str, sql: str) -> None:
    """One statement on PostgreSQL, outside a transaction (ANALYZE, VACUUM)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)
