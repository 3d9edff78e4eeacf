"""The dashboard in every interface language: nothing of its own left in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from majlis.dashboard import figures as figures_module
from majlis.dashboard.tests.conftest import NOW

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "dashboard" / "dashboard.html"
SOURCES = [Path(__file__).resolve().parent.parent / name for name in ("views.py", "present.py")]
WEEK = "?from=2026-03-02&to=2026-03-08"
RTL = {"ar", "ckb", "fa"}
# Words a language writes as English does.
SAME = {"tr": {"Site"}}


def _english_strings() -> set[str]:
    """The strings the dashboard shows, as written in its template and code."""
    template = TEMPLATE.read_text(encoding="utf-8")
    found = set(re.findall(r'{% translate "([^"]+)" %}', template))
    for source in SOURCES:
        found |= set(re.findall(r'_\("([A-Za-z][^"%]+)"\)', source.read_text(encoding="utf-8")))
    return found


def _visible_text(page: str) -> str:
    return re.sub(r"<[^>]+>", "\n", page)


@pytest.fixture(autouse=True)
def _still_clock(monkeypatch):
    monkeypatch.setattr(figures_module, "_now", lambda: NOW)


@pytest.mark.parametrize("lang", [code for code, _ in settings.LANGUAGES if code != "en"])
def test_every_language_says_it_all_in_that_language(client, moderator, week, lang):
    client.force_login(moderator)
    response = client.get(f"/desk/dashboard/{WEEK}&lang={lang}")
    assert response.status_code == 200
    page = response.content.decode()
    lines = {line.strip() for line in _visible_text(page).splitlines()}
    english = _english_strings() - SAME.get(lang, set())
    assert len(english) > 40
    left = sorted(text for text in english if text in lines or f"{text} (CSV)" in lines)
    assert not left, f"{lang}: still in English: {left}"
    assert ('dir="rtl"' in page) == (lang in RTL)


def test_right_to_left_charts_are_mirrored(client, moderator, week):
    client.force_login(moderator)
    ltr = client.get(f"/desk/dashboard/{WEEK}&lang=en").context["volume_chart"]
    rtl = client.get(f"/desk/dashboard/{WEEK}&lang=ar").context["volume_chart"]
    # The first day's column: at the left edge in English, at the right edge in Arabic.
    first_ltr = float(re.search(r'<rect class="chart-bar" x="([\d.]+)"', ltr).group(1))
    first_rtl = float(re.search(r'<rect class="chart-bar" x="([\d.]+)"', rtl).group(1))
    assert first_ltr < 100
    assert first_rtl > 500
    assert (ltr.count('direction="ltr"'), rtl.count('direction="rtl"')) == (1, 1)


def test_numbers_and_percentages_follow_the_language(client, moderator, week):
    client.force_login(moderator)
    turkish = client.get(f"/desk/dashboard/{WEEK}&lang=tr").content.decode()
    assert "%42,9" in turkish
    persian = client.get(f"/desk/dashboard/{WEEK}&lang=fa").content.decode()
    assert "\u066a" in persian
