"""`majlis serve`: the site under gunicorn, with production defaults.

`majlis worker` runs beside it (or MAJLIS_WORKER_IN_PROCESS=1 assesses inside each web
process). SIGTERM stops it gracefully: requests in flight finish, up to --graceful-timeout.
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from gunicorn.app.base import BaseApplication

from majlis.ops.middleware import DATABASE_UNAVAILABLE


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 x cores + 1, capped: each process holds its own connection
    to the database, and past a few per core they only wait on it."""
    return min(2 * (os.cpu_count() or 1) + 1, 12)


class MajlisServer(BaseApplication):
    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Imported in each worker after the fork, so every process has its own connections
        # and, with MAJLIS_WORKER_IN_PROCESS=1, its own assessment threads (see majlis.wsgi).
        from majlis.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve Majlis under gunicorn, the production web server."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
        )
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument(
            "--bind",
            action="append",
            help="HOST:PORT or unix:PATH, instead of --host/--port; may be repeated",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="web processes (default 2 x cores + 1, at most 12)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="threads per process; above 1 gunicorn's threaded worker is used",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=30,
            help="seconds a request may take before its process is restarted",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=30,
            help="seconds given to requests in flight after SIGTERM",
        )
        parser.add_argument(
            "--forwarded-allow-ips",
            default="127.0.0.1,::1",
            help="proxies whose X-Forwarded-Proto is believed (comma-separated, or *)",
        )

    def handle(self, *args, **options) -> None:
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        bind = options["bind"] or [_address(options["host"], options["port"])]
        self._warn_about_migrations()
        # gunicorn forks its processes from this one: none may inherit its connection.
        connections.close_all()
        MajlisServer(
            {
                "bind": bind,
                "workers": options["workers"],
                "threads": options["threads"],
                "worker_class": "gthread" if options["threads"] > 1 else "sync",
                "timeout": options["timeout"],
                "graceful_timeout": options["graceful_timeout"],
                "keepalive": 5,
                "forwarded_allow_ips": options["forwarded_allow_ips"],
                "accesslog": "-",
                "errorlog": "-",
                "proc_name": "majlis",
                # gunicorn's runtime control socket has one default path per user, so two
                # sites served on one machine would fight over it; Majlis never uses it.
                "control_socket_disable": True,
            }
        ).run()

    def _warn_about_migrations(self) -> None:
        # A database that is down at start-up may come back: serve anyway, answering 503.
        try:
            self.check_migrations()
        except DATABASE_UNAVAILABLE as error:
            self.stderr.write(f"The database is unreachable for now ({error}); serving anyway.")


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
