"""Crashes under load, in small: the same scenarios as `make faults`, on a SQLite site of the
test's own, served by real gunicorn workers and a real `majlis worker` on free local ports.

Skipped where no server can be started (neither `majlis serve` nor gunicorn installed). The
PostgreSQL restart needs a private cluster and takes longer: it is left to `make faults`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import faults  # noqa: E402
import harness  # noqa: E402

pytestmark = pytest.mark.slow

SMALL = faults.Scale(load_seconds=3.0, concurrency=4, backlog=60, worker_kills=3, grace_seconds=15)


@pytest.fixture
def site(tmp_path: Path):
    if not harness.can_serve_majlis():
        pytest.skip("neither `majlis serve` nor gunicorn is installed in .venv")
    site = faults.Site(tmp_path, f"sqlite:///{tmp_path / 'majlis.sqlite3'}")
    site.prepare()
    yield site
    site.stop()


def test_killing_web_workers_loses_and_doubles_no_acknowledged_comment(site):
    outcome = faults.web_worker_kills(site, SMALL)
    print(outcome.line())
    assert outcome.acknowledged > 0
    assert "2 web workers killed" in outcome.notes[0]
    assert outcome.lost == 0
    assert outcome.duplicates == 0
    assert outcome.unassessed == 0


def test_killing_the_assessment_worker_leaves_no_comment_unassessed(site):
    outcome = faults.assessment_worker_kills(site, SMALL)
    print(outcome.line())
    assert outcome.acknowledged == SMALL.backlog
    # The first kill caught the worker with part of the backlog still to do.
    assert outcome.progress[0] < SMALL.backlog
    assert outcome.lost == 0
    assert outcome.duplicates == 0
    assert outcome.unassessed == 0
