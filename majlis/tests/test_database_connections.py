"""On SQLite a request reuses its thread's connection: the PRAGMAs run once per connection.

The test database is in memory, where Django never closes a connection, so the request cycle
runs in a fresh interpreter against a database file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json, threading
    import django
    django.setup()
    from django.core import signals
    from django.db import connection
    from django.db.backends.signals import connection_created

    opened = []
    connection_created.connect(lambda sender, connection, **kw: opened.append(1), weak=False)

    def one_request():
        signals.request_started.send(sender=None)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            mode = cursor.fetchone()[0]
        signals.request_finished.send(sender=None)
        return mode

    modes = [one_request() for _ in range(3)]
    same_thread = len(opened)
    # Another thread (a worker's) has a connection of its own, and closes it itself.
    def worker():
        one_request()
        connection.close()
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    print(json.dumps({"modes": modes, "same_thread": same_thread, "in_all": len(opened)}))
    """
)


def test_requests_on_one_thread_share_a_connection_opened_with_its_pragmas(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DATABASE_CONN_MAX_AGE", None)
    env.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    command = [sys.executable, "-c", SCRIPT]  # this file's own script, nothing from outside
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["modes"] == ["wal", "wal", "wal"]
    assert seen["same_thread"] == 1
    assert seen["in_all"] == 2
