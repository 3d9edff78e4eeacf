"""How long ago something happened, in words of the active language: "5 minutes ago".

Our own strings rather than django.contrib.humanize's `naturaltime`: Django has no Kurmanji
catalogue, and its Arabic one gives "منذ 5 دقيقة" for every count (no dual, no 3-10 plural).
Past `MAX_DAYS` a reader wants the date itself, and `relative_time` says None.

`words()` is the same wording as a table for scripts (the article page's and the embed's),
which keep the times current in pages that caches hold for minutes.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_DAYS = 30
MINUTE, HOUR, DAY = 60, 60 * 60, 24 * 60 * 60


def _minutes(n: int) -> str:
    return ngettext("%(count)s minute ago", "%(count)s minutes ago", n) % {"count": n}


def _hours(n: int) -> str:
    return ngettext("%(count)s hour ago", "%(count)s hours ago", n) % {"count": n}


def _days(n: int) -> str:
    return ngettext("%(count)s day ago", "%(count)s days ago", n) % {"count": n}


def relative_time(value: datetime, now: datetime) -> str | None:
    """`value` relative to `now`, or None once it is `MAX_DAYS` days old or more. A time
    ahead of `now` (clocks a little apart) is "just now"."""
    seconds = int((now - value).total_seconds())
    if seconds < MINUTE:
        return _("just now")
    if seconds < HOUR:
        return _minutes(seconds // MINUTE)
    if seconds < DAY:
        return _hours(seconds // HOUR)
    if seconds < MAX_DAYS * DAY:
        return _days(seconds // DAY)
    return None


def words() -> dict[str, object]:
    """Every wording `relative_time` can give, for a script: item n-1 of "minutes" is
    "n minutes ago", and so on (plural rules differ too much to leave them to a script)."""
    return {
        "now": _("just now"),
        "minutes": [_minutes(n) for n in range(1, 60)],
        "hours": [_hours(n) for n in range(1, 24)],
        "days": [_days(n) for n in range(1, MAX_DAYS)],
    }
