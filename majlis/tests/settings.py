"""The suite's settings: production's (DEBUG=0, no demo mode), with a secret key of its own.

pytest-django imports the settings before any conftest runs, so the key is given here: the
suite needs nothing set by hand, and servers it starts in subprocesses inherit the key.
"""

from __future__ import annotations

import os
import secrets

os.environ.setdefault("SECRET_KEY", f"majlis-test-{secrets.token_urlsafe(32)}")

from majlis.settings import *  # noqa: F403
