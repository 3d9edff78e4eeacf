"""The figures a transparency report under the EU Digital Services Act (articles 15 and 24)
asks of a service that moderates what its users post, for one period, as CSV rows.

Each row is `section, item, value, note`. Decisions are those taken in the period, by people
or by the automatic moderator (imports are history from another system, left out), so an
overturned decision counts twice: once for each decision taken.
"""

from __future__ import annotations

from django.db.models import Count, Q

from majlis.comments.models import Category, Verdict
from majlis.dashboard.figures import AUTOMATIC, Period, decisions_in, first_decisions, spreads

HEADER = ["section", "item", "value", "note"]
NOT_TRACKED = "not tracked yet"

# TODO(integrator): reader reports and DSA notices (the `reports` branch's Report model) and
# appeals with their outcomes (the `mail` branch's Appeal model) were not on main when this
# was written. Once they land, count them here for the period (and the site), in place of
# these zero rows, and drop the note.
UNTRACKED_ROWS = [
    ["notices", "reader_reports_received", 0, NOT_TRACKED],
    ["notices", "dsa_notices_received", 0, NOT_TRACKED],
    ["appeals", "received", 0, NOT_TRACKED],
    ["appeals", "decision_upheld", 0, NOT_TRACKED],
    ["appeals", "decision_reversed", 0, NOT_TRACKED],
]


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
    notices, appeals = UNTRACKED_ROWS[:2], UNTRACKED_ROWS[2:]
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
