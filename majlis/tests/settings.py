"""The suite's settings: production's (DEBUG=0, no demo mode), with a secret key of its own.

pytest-django imports the settings before any conftest runs, so the key is given here: the
suite needs nothing set by hand, and servers it starts in subprocesses inherit the key.
"""

from __future__ import annotations

import os
import secrets

os.environ.setdefault("SECRET_KEY", f"majlis-test-{secrets.token_urlsafe(32)}")

from majlis.settings import *  # noqa: F403

# The site shares its cache between processes (a database table, or Redis); the suite keeps
# rate-limit counters and cached reads in local memory, so tests without database access
# count too and conftest.py empties it for each test. test_shared_limits.py runs the shared
# ones in processes of their own.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "majlis"}
}
