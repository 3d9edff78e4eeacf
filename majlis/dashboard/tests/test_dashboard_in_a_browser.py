"""The dashboard in Chromium (the fixtures of majlis/tests/browsing.py), over the week of
conftest.py: its charts are drawn, their bars say the week's figures, a table downloads as
CSV, and in Arabic the days run from right to left on the screen."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from majlis.dashboard import figures as figures_module
from majlis.dashboard.tests.conftest import NOW
from majlis.tests.browsing import DESKTOP, sign_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so
    expect = None

pytestmark = pytest.mark.browser

WEEK = "/desk/dashboard/?from=2026-03-02&to=2026-03-08"
# Comments received each day of the week on both sites, as conftest.py's docstring counts them.
PER_DAY = [2, 2, 2, 1, 1, 1, 1]
# The bars' drawn heights and left edges, in the chart's own units.
BARS = """svg => [...svg.querySelectorAll('rect.chart-bar')]
  .map(r => r.getBBox()).map(b => ({x: b.x, height: b.height}))"""


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr(figures_module, "_now", lambda: NOW)


@pytest.fixture
def dashboard(new_page, moderator, week):
    page = new_page(viewport=DESKTOP, accept_downloads=True)
    sign_in(page, moderator)
    return page


def volume_chart(page):
    return page.locator(".dashboard-section").first.locator("svg.chart")


def test_the_charts_are_drawn_and_the_volume_bars_are_the_weeks_counts(dashboard, screenshot):
    dashboard.get_by_role("link", name="Dashboard").click()
    dashboard.goto(WEEK)
    charts = dashboard.locator("svg.chart")
    # Volume, time to decision, rejections by category and by language, per moderator.
    expect(charts).to_have_count(5)
    for n in range(5):
        box = charts.nth(n).bounding_box()
        assert box["width"] > 300, box
        assert box["height"] > 40, box
    expect(dashboard.get_by_text("Comments received: 10")).to_be_visible()

    bars = volume_chart(dashboard).evaluate(BARS)
    assert len(bars) == len(PER_DAY)
    tallest = max(bar["height"] for bar in bars)
    drawn = [bar["height"] / tallest for bar in bars]
    assert drawn == pytest.approx([n / max(PER_DAY) for n in PER_DAY])
    # Days run left to right in English.
    assert [bar["x"] for bar in bars] == sorted(bar["x"] for bar in bars)
    first_day = volume_chart(dashboard).locator("rect.chart-bar").first.locator("title")
    expect(first_day).to_have_text("03/02/2026: 2")

    dashboard.evaluate(
        "window.scrollTo(0, document.querySelector('.dashboard-section').offsetTop - 16)"
    )
    screenshot(dashboard, "dashboard")


def test_a_table_downloads_as_the_csv_of_what_the_chart_shows(dashboard):
    dashboard.goto(WEEK)
    link = dashboard.locator(".dashboard-section").first.get_by_role("link", name="(CSV)")
    with dashboard.expect_download() as download:
        link.click()
    saved = Path(download.value.path())
    assert download.value.suggested_filename == "majlis-volume-2026-03-02-2026-03-08.csv"
    rows = list(csv.reader(saved.read_text(encoding="utf-8").splitlines()))
    assert rows == [
        ["date", "comments"],
        *([f"2026-03-0{day}", str(n)] for day, n in zip(range(2, 9), PER_DAY, strict=True)),
    ]


def test_in_arabic_the_charts_run_from_right_to_left_on_the_screen(dashboard, screenshot):
    dashboard.goto(WEEK + "&lang=ar")
    assert dashboard.locator("html").get_attribute("dir") == "rtl"
    with translation.override("ar"):
        expect(dashboard.locator("h1")).to_have_text(gettext("Dashboard"))
    bars = volume_chart(dashboard).locator("rect.chart-bar")
    first, last = bars.first.bounding_box(), bars.last.bounding_box()
    assert first["x"] > last["x"] + 400, (first, last)
    # Bars of a row chart grow leftwards from their labels, on the right.
    categories = dashboard.locator(".dashboard-section").nth(3).locator("svg.chart")
    label = categories.locator("text.chart-label").first.bounding_box()
    bar = categories.locator("rect.chart-bar").first.bounding_box()
    assert bar["x"] + bar["width"] <= label["x"] + 1, (bar, label)
    dashboard.evaluate(
        "window.scrollTo(0, document.querySelector('.dashboard-section').offsetTop - 16)"
    )
    screenshot(dashboard, "dashboard-ar")
