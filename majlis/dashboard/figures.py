"""The dashboard's figures, each one a handful of aggregate queries whatever the volume.

A period is a run of whole days in the configured time zone, both ends included. Decisions
carried over by an import are history from another system and count nowhere here.

Medians and 90th percentiles are nearest-rank: the value below which half (nine tenths) of
the ordered values fall, ranked in the database by a window function, so that SQLite and
PostgreSQL answer alike and no list of durations is read into Python.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Cast, Ceil, Coalesce, RowNumber, TruncDate
from django.utils import timezone

from majlis.comments.models import Category, Comment, Decision, Status, Verdict

# Who decided, as the automatic moderator writes itself into the log: no person, no import.
AUTOMATIC = Q(moderator__isnull=True, imported_from="")
PEOPLE = Q(moderator__isnull=False)


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date

    @classmethod
    def last_days(cls, days: int, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate(timezone=timezone.get_default_timezone())
        return cls(today - dt.timedelta(days=days - 1), today)

    @property
    def start(self) -> dt.datetime:
        return _midnight(self.first)

    @property
    def end(self) -> dt.datetime:
        """The first instant after the period."""
        return _midnight(self.last + dt.timedelta(days=1))

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone()
    )


@dataclass(frozen=True)
class Spread:
    """How long something took: how many, the median and the 90th percentile, in seconds."""

    count: int = 0
    median: float | None = None
    p90: float | None = None


@dataclass(frozen=True)
class ModeratorFigures:
    username: str  # "" for the automatic moderator
    decisions: int
    approvals: int
    rejections: int
    median: float | None


@dataclass
class Figures:
    period: Period
    site: str
    volume: list[tuple[dt.date, int]] = field(default_factory=list)
    received: int = 0
    pending: int = 0
    oldest_pending: float | None = None  # age in seconds, now
    median_pending: float | None = None
    people: Spread = field(default_factory=Spread)
    machine: Spread = field(default_factory=Spread)
    first_decisions: int = 0
    automatic_first: int = 0
    automatic_decisions: int = 0
    overturned: int = 0
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_language: list[tuple[str, int]] = field(default_factory=list)
    moderators: list[ModeratorFigures] = field(default_factory=list)

    @property
    def rejections(self) -> int:
        return sum(n for _, n in self.by_language)

    @property
    def automation_rate(self) -> float | None:
        return _share(self.automatic_first, self.first_decisions)

    @property
    def overturn_rate(self) -> float | None:
        return _share(self.overturned, self.automatic_decisions)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def comments_of(site: str = "") -> QuerySet[Comment]:
    comments = Comment.objects.all()
    return comments.filter(article__site__key=site) if site else comments


def decisions_in(period: Period, site: str = "") -> QuerySet[Decision]:
    decisions = Decision.objects.filter(
        created_at__gte=period.start, created_at__lt=period.end, imported_from=""
    )
    return decisions.filter(comment__article__site__key=site) if site else decisions


def first_decisions(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Those of `decisions` that were the first on their comment (imports aside)."""
    earlier = Decision.objects.filter(comment=OuterRef("comment"), imported_from="").filter(
        Q(created_at__lt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    return decisions.filter(~Exists(earlier))


def overturned(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Those of `decisions` a person later changed: a person's decision with another verdict."""
    later = Decision.objects.filter(
        PEOPLE, comment=OuterRef("comment"), created_at__gte=OuterRef("created_at")
    ).exclude(verdict=OuterRef("verdict"))
    return decisions.filter(Exists(later))


def waited() -> ExpressionWrapper:
    """From the comment's arrival to the decision."""
    return ExpressionWrapper(
        F("created_at") - F("comment__created_at"), output_field=DurationField()
    )


def spreads(decisions: QuerySet[Decision], group: str | None) -> dict[object, Spread]:
    """Count, median and 90th percentile of `waited()` per value of `group`, in one query.

    Without a group, all of `decisions` are one, under the key None.
    """
    partition = [F(group)] if group else None
    ranked = decisions.annotate(
        waited=waited(),
        rank=Window(RowNumber(), partition_by=partition, order_by=[F("waited").asc(), "pk"]),
        total=Window(Count("pk"), partition_by=partition),
    )
    ranked = ranked.annotate(
        median_rank=Cast(Ceil(F("total") * Value(0.5)), IntegerField()),
        p90_rank=Cast(Ceil(F("total") * Value(0.9)), IntegerField()),
    )
    rows = ranked.filter(Q(rank=F("median_rank")) | Q(rank=F("p90_rank"))).values(
        *([group] if group else []), "waited", "rank", "total", "median_rank", "p90_rank"
    )
    found: dict[object, dict] = {}
    for row in rows:
        spread = found.setdefault(row[group] if group else None, {"count": row["total"]})
        seconds = row["waited"].total_seconds()
        if row["rank"] == row["median_rank"]:
            spread["median"] = seconds
        if row["rank"] == row["p90_rank"]:
            spread["p90"] = seconds
    return {key: Spread(**values) for key, values in found.items()}


def _now() -> dt.datetime:
    return timezone.now()


def compute(period: Period, site: str = "", now: dt.datetime | None = None) -> Figures:
    now = now or _now()
    tz = timezone.get_default_timezone()
    figures = Figures(period=period, site=site)
    comments = comments_of(site)

    per_day = dict(
        comments.filter(created_at__gte=period.start, created_at__lt=period.end)
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
        .order_by()
    )
    figures.volume = [(day, per_day.get(day, 0)) for day in period.days]
    figures.received = sum(per_day.values())

    pending = comments.filter(status=Status.PENDING)
    backlog = pending.aggregate(n=Count("pk"), oldest=Min("created_at"))
    figures.pending = backlog["n"]
    if backlog["n"]:
        figures.oldest_pending = (now - backlog["oldest"]).total_seconds()
        middle = math.ceil(backlog["n"] / 2) - 1
        # The median age is the age of the middle comment, oldest first.
        median_at = pending.order_by("-created_at", "-pk").values_list("created_at", flat=True)
        figures.median_pending = (now - median_at[middle]).total_seconds()

    decisions = decisions_in(period, site)
    firsts = first_decisions(decisions).annotate(by=Cast(Q(moderator__isnull=True), IntegerField()))
    by_whom = spreads(firsts, "by")
    figures.people = by_whom.get(0, Spread())
    figures.machine = by_whom.get(1, Spread())
    figures.first_decisions = figures.people.count + figures.machine.count
    figures.automatic_first = figures.machine.count

    automatic = decisions.filter(AUTOMATIC)
    figures.automatic_decisions = automatic.count()
    figures.overturned = overturned(automatic).count()

    rejections = decisions.filter(verdict=Verdict.REJECT)
    # Categories are a JSON list of slugs; its text holds each as "slug", on both databases.
    counts = rejections.aggregate(
        **{
            value: Count("pk", filter=Q(categories__icontains=f'"{value}"'))
            for value in Category.values
        }
    )
    figures.by_category = [(value, counts[value]) for value in Category.values]
    figures.by_language = list(
        rejections.values_list("comment__language")
        .annotate(n=Count("pk"))
        .values_list("comment__language", "n")
        .order_by("-n", "comment__language")
    )

    figures.moderators = moderators(decisions)
    return figures


def moderators(decisions: QuerySet[Decision]) -> list[ModeratorFigures]:
    """Each person's decisions in the period, then the automatic moderator's."""
    mine = decisions.annotate(who=Coalesce(F("moderator__username"), Value("")))
    tallies = (
        mine.values_list("who")
        .annotate(
            n=Count("pk"),
            approvals=Count("pk", filter=Q(verdict=Verdict.APPROVE)),
            rejections=Count("pk", filter=Q(verdict=Verdict.REJECT)),
        )
        .values_list("who", "n", "approvals", "rejections")
        .order_by()
    )
    medians = spreads(mine, "who")
    rows = [
        ModeratorFigures(who, n, approvals, rejections, medians[who].median)
        for who, n, approvals, rejections in tallies
    ]
    return sorted(rows, key=lambda row: (row.username == "", -row.decisions, row.username))
