"""The dashboard's figures on the fixed week (see conftest.py), worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from majlis.dashboard.figures import ModeratorFigures, Period, Spread, compute
from majlis.dashboard.tests.conftest import NOW

WEEK = Period(dt.date(2026, 3, 2), dt.date(2026, 3, 8))
HOUR = 3600


def test_every_figure_of_the_week(week):
    figures = compute(WEEK, now=NOW)
    assert figures.volume == [
        (dt.date(2026, 3, 2), 2),
        (dt.date(2026, 3, 3), 2),
        (dt.date(2026, 3, 4), 2),
        (dt.date(2026, 3, 5), 1),
        (dt.date(2026, 3, 6), 1),
        (dt.date(2026, 3, 7), 1),
        (dt.date(2026, 3, 8), 1),
    ]
    assert figures.received == 10
    assert figures.pending == 3
    assert figures.oldest_pending == 72 * HOUR
    assert figures.median_pending == 54 * HOUR
    assert figures.machine == Spread(count=3, median=120, p90=300)
    assert figures.people == Spread(count=4, median=2 * HOUR, p90=3 * HOUR)
    assert figures.automation_rate == pytest.approx(3 / 7)
    assert (figures.automatic_decisions, figures.overturned) == (3, 1)
    assert figures.overturn_rate == pytest.approx(1 / 3)
    assert figures.by_category == [
        ("off_topic", 1),
        ("profanity", 1),
        ("vulgarity", 1),
        ("threat", 2),
        ("personal_attack", 0),
        ("identity_attack", 0),
        ("promotion", 1),
    ]
    assert figures.by_language == [("en", 4), ("ar", 1)]
    assert figures.rejections == 5
    assert figures.moderators == [
        ModeratorFigures("mona", 4, 2, 2, 2 * HOUR),
        ModeratorFigures("sami", 1, 0, 1, 3 * HOUR),
        ModeratorFigures("", 3, 1, 2, 120),
    ]


def test_one_site(week):
    figures = compute(WEEK, site="main", now=NOW)
    assert [n for _, n in figures.volume] == [2, 2, 1, 1, 0, 1, 1]
    assert (figures.pending, figures.oldest_pending, figures.median_pending) == (
        2,
        54 * HOUR,
        12 * HOUR + 60,
    )
    assert figures.people == Spread(count=3, median=2 * HOUR, p90=3 * HOUR)
    assert figures.automation_rate == pytest.approx(3 / 6)
    assert dict(figures.by_category)["off_topic"] == 0
    assert figures.by_language == [("en", 3), ("ar", 1)]
    assert figures.moderators[0] == ModeratorFigures("mona", 3, 2, 1, 2 * HOUR)


def test_both_ends_of_the_period_are_included(week):
    figures = compute(Period(dt.date(2026, 3, 3), dt.date(2026, 3, 3)), now=NOW)
    assert figures.volume == [(dt.date(2026, 3, 3), 2)]
    assert figures.people == Spread(count=2, median=HOUR, p90=3 * HOUR)
    assert figures.machine == Spread()
    assert figures.automation_rate == 0


def test_days_are_the_configured_time_zones(week, settings):
    # In Baghdad (UTC+3) the comment of 1 March 23:00 UTC came on 2 March, that of 8 March
    # 23:59 UTC on 9 March.
    settings.TIME_ZONE = "Asia/Baghdad"
    figures = compute(WEEK, now=NOW)
    assert figures.volume[0] == (dt.date(2026, 3, 2), 3)
    assert figures.volume[-1] == (dt.date(2026, 3, 8), 0)


def test_an_empty_period(db):
    figures = compute(WEEK, now=NOW)
    assert figures.received == 0
    assert figures.pending == 0
    assert figures.oldest_pending is None
    assert figures.people == Spread()
    assert figures.automation_rate is None
    assert figures.overturn_rate is None
    assert figures.moderators == []
