"""What the dashboard's address asks for: a period and perhaps one site, checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from majlis.dashboard.figures import Period
from majlis.sites.models import Site

LAST_DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
# A year and a day: enough for any report, few enough columns for a chart.
LONGEST_PERIOD = 366


class QueryError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def parse_date(value: str, field: str) -> dt.date:
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(
            field,
            _("%(value)s is not a date (%(format)s)") % {"value": value, "format": "YYYY-MM-DD"},
        ) from None


@dataclass(frozen=True)
class DashboardQuery:
    period: Period
    days: int | None  # 7, 30 or 90; None for a period from/to
    site: str  # a site's key, "" for every site

    def params(self) -> dict[str, str]:
        """The query string that asks for this again."""
        if self.days:
            chosen = {"days": str(self.days)}
        else:
            chosen = {"from": self.period.first.isoformat(), "to": self.period.last.isoformat()}
        return chosen | ({"site": self.site} if self.site else {})


def read(query: QueryDict, today: dt.date | None = None) -> DashboardQuery:
    site = query.get("site", "")
    if site and not Site.objects.filter(key=site).exists():
        raise QueryError("site", _("no site has the key %(key)s") % {"key": site})
    first, last = query.get("from", ""), query.get("to", "")
    if first or last:
        if not (first and last):
            raise QueryError("to" if first else "from", _("give both the first and the last day"))
        period = Period(parse_date(first, "from"), parse_date(last, "to"))
        if period.last < period.first:
            raise QueryError("to", _("the period ends before it starts"))
        if len(period.days) > LONGEST_PERIOD:
            raise QueryError("to", _("at most %(days)s days at a time") % {"days": LONGEST_PERIOD})
        return DashboardQuery(period, None, site)
    days = query.get("days", "") or str(DEFAULT_DAYS)
    if days not in {str(n) for n in LAST_DAYS}:
        raise QueryError("days", _("choose 7, 30 or 90"))
    return DashboardQuery(Period.last_days(int(days), today), int(days), site)
