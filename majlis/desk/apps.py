from __future__ import annotations

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "majlis.desk"
    label = "desk"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from majlis.desk.search import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="majlis_fold")
