"""The figures as the page says them, in the interface language, and as CSV tables.

The CSV tables carry raw values (seconds, shares as fractions, category and language codes),
so that a spreadsheet can compute with them; the page writes the same values for people.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from majlis.comments.models import Category
from majlis.dashboard.figures import Figures

# How each language writes a percentage (the sign is no word to translate): Turkish puts it
# first, the Arabic-script languages use their own sign.
PERCENT_FIRST = frozenset({"tr"})
ARABIC_PERCENT_SIGN = frozenset({"ar", "ckb", "fa"})
ARABIC_PERCENT = "\u066a"

TABLES = (
    "volume",
    "backlog",
    "time-to-decision",
    "categories",
    "languages",
    "automation",
    "moderators",
)


def number(value: float, decimals: int = 0) -> str:
    # Django cuts the decimals it does not show; rounding first makes 3/7 42.9, not 42.8.
    return number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)


def day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def share(value: float | None) -> str:
    if value is None:
        return "-"
    shown = number(value * 100, 1)
    language = get_language() or ""
    if language in PERCENT_FIRST:
        return f"%{shown}"
    return f"{shown}{ARABIC_PERCENT if language in ARABIC_PERCENT_SIGN else '%'}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    minutes, hours, days = whole // 60, whole // 3600, whole // 86400
    if whole < 60:
        return _("%(seconds)s s") % {"seconds": number(whole)}
    if whole < 3600:
        return _("%(minutes)s min") % {"minutes": number(minutes)}
    if whole < 86400:
        return _("%(hours)s h %(minutes)s min") % {
            "hours": number(hours),
            "minutes": number(minutes % 60),
        }
    return _("%(days)s d %(hours)s h") % {"days": number(days), "hours": number(hours % 24)}


def language_name(code: str) -> str:
    names = dict(settings.LANGUAGES)
    return str(names[code]) if code in names else (code or _("Unknown"))


def category_name(value: str) -> str:
    return str(Category(value).label)


def csv_table(figures: Figures, table: str) -> list[list[object]]:
    """A table's rows, its header first."""
    if table == "volume":
        return [["date", "comments"], *([d.isoformat(), n] for d, n in figures.volume)]
    if table == "backlog":
        return [
            ["pending", "oldest_pending_seconds", "median_pending_seconds"],
            [figures.pending, _seconds(figures.oldest_pending), _seconds(figures.median_pending)],
        ]
    if table == "time-to-decision":
        return [
            ["decided_by", "first_decisions", "median_seconds", "p90_seconds"],
            *(
                [who, spread.count, _seconds(spread.median), _seconds(spread.p90)]
                for who, spread in (("people", figures.people), ("machine", figures.machine))
            ),
        ]
    if table == "categories":
        return [["category", "rejections"], *map(list, figures.by_category)]
    if table == "languages":
        return [["language", "rejections"], *map(list, figures.by_language)]
    if table == "automation":
        return [
            [
                "first_decisions",
                "automatic_first_decisions",
                "automation_rate",
                "automatic_decisions",
                "overturned",
                "overturn_rate",
            ],
            [
                figures.first_decisions,
                figures.automatic_first,
                _fraction(figures.automation_rate),
                figures.automatic_decisions,
                figures.overturned,
                _fraction(figures.overturn_rate),
            ],
        ]
    if table == "moderators":
        return [
            ["moderator", "automatic", "decisions", "approvals", "rejections", "median_seconds"],
            *(
                [
                    _cell(row.username),
                    int(not row.username),
                    row.decisions,
                    row.approvals,
                    row.rejections,
                    _seconds(row.median),
                ]
                for row in figures.moderators
            ),
        ]
    raise KeyError(table)


def _cell(text: str) -> str:
    # A spreadsheet would run a cell starting so as a formula: quote it, as they expect.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _seconds(value: float | None) -> object:
    return "" if value is None else round(value)


def _fraction(value: float | None) -> object:
    return "" if value is None else f"{value:.4f}"
