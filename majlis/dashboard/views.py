"""The moderators' dashboard: how much comes in, how fast it is decided, and by whom."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from majlis.dashboard import charts, present, query
from majlis.dashboard.figures import Figures, compute
from majlis.dashboard.present import category_name, day, duration, language_name, number, share
from majlis.desk.access import moderator_required
from majlis.sites.models import Site


@moderator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    sites = list(Site.objects.order_by("name").values_list("key", "name"))
    context: dict = {"sites": sites, "last_days": query.LAST_DAYS, "chosen": request.GET}
    try:
        asked = query.read(request.GET)
    except query.QueryError as error:
        context["error"] = str(error)
        return render(request, "dashboard/dashboard.html", context, status=400)
    figures = compute(asked.period, asked.site)
    context.update(_page(figures, rtl=get_language_bidi()))
    context.update(
        asked=asked,
        query=urlencode(asked.params()),
        first=day(asked.period.first),
        last=day(asked.period.last),
    )
    return render(request, "dashboard/dashboard.html", context)


@moderator_required
def table_csv(request: HttpRequest, table: str) -> HttpResponse:
    if table not in present.TABLES:
        raise Http404
    try:
        asked = query.read(request.GET)
    except query.QueryError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    figures = compute(asked.period, asked.site)
    name = f"majlis-{table}-{asked.period.first}-{asked.period.last}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    csv.writer(response).writerows(present.csv_table(figures, table))
    return response


def _page(figures: Figures, *, rtl: bool) -> dict:
    volume = [charts.Bar(day(d), n, number(n)) for d, n in figures.volume]
    categories = [
        charts.Bar(category_name(value), n, number(n)) for value, n in figures.by_category
    ]
    languages = [charts.Bar(language_name(code), n, number(n)) for code, n in figures.by_language]
    spreads = [
        (_("People"), figures.people),
        (_("Automatic moderator"), figures.machine),
    ]
    times = [
        charts.Bar(f"{who} · {label}", seconds or 0, duration(seconds))
        for who, spread in spreads
        for label, seconds in ((_("median"), spread.median), (_("90th percentile"), spread.p90))
    ]
    moderators = [
        {
            "name": row.username or _("Automatic moderator"),
            "decisions": number(row.decisions),
            "approvals": number(row.approvals),
            "rejections": number(row.rejections),
            "median": duration(row.median),
        }
        for row in figures.moderators
    ]
    per_moderator = [
        charts.Bar(row["name"], figure.decisions, row["decisions"])
        for row, figure in zip(moderators, figures.moderators, strict=True)
    ]
    return {
        "figures": figures,
        "volume": volume,
        "received": number(figures.received),
        "volume_chart": charts.columns(volume, title=_("Comments received per day"), rtl=rtl),
        "backlog": {
            "pending": number(figures.pending),
            "oldest": duration(figures.oldest_pending),
            "median": duration(figures.median_pending),
        },
        "times": [
            {
                "who": who,
                "count": number(spread.count),
                "median": duration(spread.median),
                "p90": duration(spread.p90),
            }
            for who, spread in spreads
        ],
        "times_chart": charts.rows(times, title=_("Time to decision"), rtl=rtl),
        "categories": categories,
        "categories_chart": charts.rows(categories, title=_("Rejections by category"), rtl=rtl),
        "languages": languages,
        "languages_chart": charts.rows(languages, title=_("Rejections by language"), rtl=rtl)
        if languages
        else "",
        "automation": {
            "first": number(figures.first_decisions),
            "automatic_first": number(figures.automatic_first),
            "rate": share(figures.automation_rate),
            "automatic": number(figures.automatic_decisions),
            "overturned": number(figures.overturned),
            "overturn_rate": share(figures.overturn_rate),
        },
        "moderators": moderators,
        "moderators_chart": charts.rows(per_moderator, title=_("Decisions per moderator"), rtl=rtl)
        if moderators
        else "",
    }
