"""The figures a transparency report under the EU Digital Services Act (articles 15 and 24)
asks of a service that moderates what its users post, for one period, as CSV rows.

Each row is `section, item, value, note`. Decisions are those taken in the period, by people
or by the automatic moderator (imports are history from another system, left out), so an
overturned decision counts twice: once for each decision taken.
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from majlis.appeals.models import Appeal
from majlis.comments.models import Category, Verdict
from majlis.dashboard.figures import AUTOMATIC, Period, decisions_in, first_decisions, spreads
from majlis.reports.models import Reason, Report

HEADER = ["section", "item", "value", "note"]


def _in_period(queryset, period: Period, site: str):
    made = queryset.filter(created_at__gte=period.start, created_at__lt=period.end)
    return made.filter(comment__article__site__key=site) if site else made


def _notices_and_appeals(period: Period, site: str) -> tuple[list[list], list[list]]:
    """Reports and DSA notices received in the period; appeals received in it, with how
    those decided so far came out."""
    reports = _in_period(Report.objects.all(), period, site).aggregate(
        readers=Count("pk", filter=~Q(reason=Reason.ILLEGAL)),
        dsa=Count("pk", filter=Q(reason=Reason.ILLEGAL)),
    )
    appeals = _in_period(Appeal.objects.all(), period, site).aggregate(
        received=Count("pk"),
        upheld=Count("pk", filter=Q(outcome__verdict=F("decision__verdict"))),
        reversed=Count(
            "pk", filter=Q(outcome__isnull=False) & ~Q(outcome__verdict=F("decision__verdict"))
        ),
    )
    decided = "of the appeals received in the period, decided by now"
    return (
        [
            ["notices", "reader_reports_received", reports["readers"], "reports by readers"],
            ["notices", "dsa_notices_received", reports["dsa"], "notices of illegal content"],
        ],
        [
            ["appeals", "received", appeals["received"], ""],
            ["appeals", "decision_upheld", appeals["upheld"], decided],
            ["appeals", "decision_reversed", appeals["reversed"], decided],
        ],
    )


def report_rows(period: Period, site: str = "") -> list[list[object]]:
    """The report's rows, its header first. A fixed number of queries."""
    decisions = decisions_in(period, site)
    counts = decisions.aggregate(
        total=Count("pk"),
        approvals=Count("pk", filter=Q(verdict=Verdict.APPROVE)),
        rejections=Count("pk", filter=Q(verdict=Verdict.REJECT)),
        automated=Count("pk", filter=AUTOMATIC),
        **{
            value: Count("pk", filter=Q(verdict=Verdict.REJECT, categories__icontains=f'"{value}"'))
            for value in Category.values
        },
    )
    timing = spreads(first_decisions(decisions), None).get(None)
    share = f"{counts['automated'] / counts['total']:.4f}" if counts["total"] else ""
    median = round(timing.median) if timing and timing.median is not None else ""
    notices, appeals = _notices_and_appeals(period, site)
    return [
        HEADER,
        ["period", "from", period.first.isoformat(), "inclusive"],
        ["period", "to", period.last.isoformat(), "inclusive"],
        ["period", "site", site or "all", ""],
        *notices,
        ["decisions", "total", counts["total"], ""],
        ["decisions", "approvals", counts["approvals"], ""],
        ["decisions", "removals", counts["rejections"], "comments rejected"],
        *(
            ["removals_by_category", value, counts[value], "a removal may cite several"]
            for value in Category.values
        ),
        ["automated", "decisions_by_automated_means", counts["automated"], ""],
        ["automated", "share_of_decisions", share, "fraction of decisions.total"],
        *appeals,
        [
            "time_to_action",
            "median_seconds",
            median,
            "from a comment's arrival to its first decision",
        ],
    ]
