"""`majlis transparency-report` on the fixed week (see conftest.py)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command


def _report(*args: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("transparency-report", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def _values(rows: list[list[str]]) -> dict[tuple[str, str], str]:
    return {(section, item): value for section, item, value, _ in rows[1:]}


def test_the_week_in_figures(week):
    rows = _report("--from", "2026-03-02", "--to", "2026-03-08")
    assert rows[0] == ["section", "item", "value", "note"]
    assert all(len(row) == 4 for row in rows)
    values = _values(rows)
    assert values[("period", "from")] == "2026-03-02"
    assert values[("period", "site")] == "all"
    # Eight decisions (the import's is history): three by the machine, one of them overturned.
    assert values[("decisions", "total")] == "8"
    assert values[("decisions", "approvals")] == "3"
    assert values[("decisions", "removals")] == "5"
    assert [values[("removals_by_category", c)] for c in ("off_topic", "threat", "promotion")] == [
        "1",
        "2",
        "1",
    ]
    assert values[("automated", "decisions_by_automated_means")] == "3"
    assert values[("automated", "share_of_decisions")] == "0.3750"
    # First decisions took 60, 120, 300, 3600, 7200, 7200 and 10800 seconds.
    assert values[("time_to_action", "median_seconds")] == "3600"


def test_reports_and_appeals_are_not_tracked_yet(week):
    rows = _report("--from", "2026-03-02", "--to", "2026-03-08")
    untracked = {
        (section, item) for section, item, value, note in rows if note == "not tracked yet"
    }
    assert untracked == {
        ("notices", "reader_reports_received"),
        ("notices", "dsa_notices_received"),
        ("appeals", "received"),
        ("appeals", "decision_upheld"),
        ("appeals", "decision_reversed"),
    }
    assert all(row[2] == "0" for row in rows if row[3] == "not tracked yet")


def test_both_dates_are_included(week):
    # 3 March: mona's rejection at 10:00 and sami's at 12:30, nothing else.
    values = _values(_report("--from", "2026-03-03", "--to", "2026-03-03"))
    assert values[("decisions", "total")] == "2"
    assert values[("automated", "share_of_decisions")] == "0.0000"
    assert values[("time_to_action", "median_seconds")] == "3600"
    values = _values(_report("--from", "2026-03-04", "--to", "2026-03-05"))
    # mona's approval of c2 and rejection of o1 on the 4th, the machine's rejection on the 5th.
    assert values[("decisions", "total")] == "3"


def test_one_site(week):
    values = _values(_report("--from", "2026-03-02", "--to", "2026-03-08", "--site", "main"))
    assert values[("period", "site")] == "main"
    assert values[("decisions", "total")] == "7"
    assert values[("removals_by_category", "off_topic")] == "0"


def test_an_empty_period(db):
    values = _values(_report("--from", "2025-01-01", "--to", "2025-12-31"))
    assert values[("decisions", "total")] == "0"
    assert values[("automated", "share_of_decisions")] == ""
    assert values[("time_to_action", "median_seconds")] == ""


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--from", "2026-13-01", "--to", "2026-03-08"], "--from"),
        (["--from", "2026-03-01", "--to", "8 March"], "--to"),
        (["--from", "2026-03-08", "--to", "2026-03-01"], "--to"),
        (["--from", "2026-03-01", "--to", "2026-03-08", "--site", "nowhere"], "--site"),
    ],
)
def test_bad_input_is_refused_naming_the_option(db, args, named):
    with pytest.raises(CommandError, match=f"^{named}: "):
        _report(*args)
