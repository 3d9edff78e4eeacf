"""With DEBUG=0 and outside demo mode, Majlis refuses to start on the public development key:
a form token signed with that key would otherwise be accepted."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_IMPORT_SETTINGS = "import majlis.settings as s; print('started with', len(s.SECRET_KEY))"
# The suite's own settings module gives a key: production's must be started without it.
_UNSET = {"SECRET_KEY", "DEBUG", "MAJLIS_DEMO", "DJANGO_SETTINGS_MODULE"}


def _production_env(**env: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in _UNSET}, **env}


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _IMPORT_SETTINGS],
        env=_production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class TestSecretKeyInProduction:
    def test_an_unset_key_stops_the_start_naming_secret_key(self):
        result = _start(DEBUG="0")
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "SECRET_KEY" in result.stderr

    def test_the_development_key_set_by_hand_stops_the_start(self):
        from majlis.settings import _DEVELOPMENT_KEY

        result = _start(DEBUG="0", SECRET_KEY=_DEVELOPMENT_KEY)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr

    def test_a_real_key_starts(self):
        result = _start(DEBUG="0", SECRET_KEY="x" * 50)
        assert result.returncode == 0, result.stderr
        assert "started with 50" in result.stdout

    @pytest.mark.parametrize("env", [{"DEBUG": "1"}, {"MAJLIS_DEMO": "1"}])
    def test_debug_or_demo_mode_may_use_the_development_key(self, env):
        result = _start(**env)
        assert result.returncode == 0, result.stderr


def test_the_majlis_command_says_what_to_set_in_one_line():
    result = subprocess.run(
        [sys.executable, "-m", "majlis.manage", "serve", "--help"],
        env=_production_env(DEBUG="0"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("majlis: SECRET_KEY must be set")
    assert "Traceback" not in result.stderr
