"""`majlis transparency-report` on the fixed week (see conftest.py)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from majlis.accounts.models import User
from majlis.appeals.models import Appeal
from majlis.comments import actions
from majlis.comments.models import Comment
from majlis.dashboard.tests.conftest import at
from majlis.reports.models import Report


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


def _comment(on: str, body: str) -> Comment:
    return Comment.objects.get(article__site__key=on, body=body)


def test_reports_notices_and_appeals_are_counted_in_their_period(week, moderator):
    c1 = _comment("main", "A comment of 02 10:00.")
    o1 = _comment("opinion", "A comment of 04 12:00.")
    for n, (comment, reason, day) in enumerate(
        [(c1, "threat", 3), (c1, "illegal", 4), (o1, "illegal", 5), (c1, "promotion", 9)]
    ):
        Report.objects.create(comment=comment, reason=reason, reporter=f"r{n}", created_at=at(day))
    # c3 (rejected by mona on the 3rd) is appealed and reinstated by sami; c4 (rejected by
    # sami) is appealed and rejected again by mona; o1 is appealed after the period.
    sami = User.objects.get(username="sami")
    for body, day, verdict, person in [
        ("A comment of 03 09:00.", 4, "approve", sami),
        ("A comment of 03 09:30.", 5, "reject", moderator),
    ]:
        comment = _comment("main", body)
        appeal = Appeal.objects.create(
            comment=comment, decision=comment.decisions.get(), created_at=at(day)
        )
        categories = ["threat"] if verdict == "reject" else []
        actions.decide_appeal(appeal, verdict, actor=person, categories=categories)
    Appeal.objects.create(comment=o1, decision=o1.decisions.get(), created_at=at(10))

    rows = _report("--from", "2026-03-02", "--to", "2026-03-08")
    assert not [row for row in rows if "not tracked" in row[3]]
    values = _values(rows)
    # In the period: one report (threat) and two notices of illegal content; the 9th is out.
    assert values[("notices", "reader_reports_received")] == "1"
    assert values[("notices", "dsa_notices_received")] == "2"
    assert values[("appeals", "received")] == "2"
    assert values[("appeals", "decision_upheld")] == "1"
    assert values[("appeals", "decision_reversed")] == "1"
    # One site alone: the opinion desk's notice, and none of the main site's appeals.
    opinion = _values(_report("--from", "2026-03-02", "--to", "2026-03-08", "--site", "opinion"))
    assert opinion[("notices", "reader_reports_received")] == "0"
    assert opinion[("notices", "dsa_notices_received")] == "1"
    assert opinion[("appeals", "received")] == "0"


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
