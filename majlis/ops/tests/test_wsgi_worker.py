"""Loading the WSGI application starts the in-process worker when MAJLIS_WORKER_IN_PROCESS=1,
whatever server loads it, except under runserver, whose worker the moderation app starts."""

from __future__ import annotations

import pytest

import majlis.wsgi
from majlis.moderation import worker


@pytest.fixture
def started(monkeypatch) -> list[bool]:
    calls: list[bool] = []
    monkeypatch.setattr(worker, "start_in_process", lambda: calls.append(True))
    return calls


def _with_in_process_worker(settings, on: bool) -> None:
    settings.MAJLIS = {**settings.MAJLIS, "WORKER_IN_PROCESS": on}


class TestWsgiStartsTheWorker:
    def test_under_any_server_it_starts_once(self, settings, monkeypatch, started):
        _with_in_process_worker(settings, True)
        monkeypatch.setattr("sys.argv", ["gunicorn", "majlis.wsgi:application"])
        majlis.wsgi._start_worker_if_asked()
        assert started == [True]

    def test_under_runserver_it_leaves_it_to_the_app(self, settings, monkeypatch, started):
        _with_in_process_worker(settings, True)
        monkeypatch.setattr("sys.argv", ["majlis", "runserver", "127.0.0.1:8000"])
        majlis.wsgi._start_worker_if_asked()
        assert started == []

    def test_without_the_setting_it_starts_nothing(self, settings, monkeypatch, started):
        _with_in_process_worker(settings, False)
        monkeypatch.setattr("sys.argv", ["gunicorn", "majlis.wsgi:application"])
        majlis.wsgi._start_worker_if_asked()
        assert started == []
