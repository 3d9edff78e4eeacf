"""From the database to the engine's plain inputs: the article, and the signals around a comment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import Lower
from django.utils import timezone

from majlis.articles.models import Article
from majlis.comments.models import Comment, Status
from majlis.moderation.duplicates import RecentSketches, Sketch, sketch
from majlis.moderation.engine import ArticleContext
from majlis.moderation.signals import Signals

# How far back a spam wave is looked for, and how many comments are compared at most.
WAVE_WINDOW = timedelta(hours=24)
WAVE_LIMIT = 300
RATE_WINDOW = timedelta(minutes=10)


def article_context(article: Article, tags: Sequence[str] | None = None) -> ArticleContext:
    return ArticleContext(
        title=article.title,
        body=article.body,
        tags=tuple(article.tags.values_list("name", flat=True) if tags is None else tags),
        language=article.language,
    )


def article_contexts(articles: Iterable[Article]) -> dict[int, ArticleContext]:
    """The contexts of several articles, keyed by id, their tags read in one query."""
    distinct = {a.pk: a for a in articles}
    tags: dict[int, list[str]] = {pk: [] for pk in distinct}
    links = Article.tags.through.objects.filter(article_id__in=distinct)
    for article_id, name in links.order_by("tag__name").values_list("article_id", "tag__name"):
        tags[article_id].append(name)
    return {pk: article_context(a, tags[pk]) for pk, a in distinct.items()}


def signals_for(comment: Comment) -> Signals:
    """The comment's surroundings: recent comments site-wide, and its author's record."""
    return signals_for_batch([comment])[comment.pk]


def signals_for_batch(
    comments: Sequence[Comment], sketches: dict[int, list[int] | None] | None = None
) -> dict[int, Signals]:
    """The signals of every comment of a batch, keyed by comment id, in two or three queries.

    `sketches`: the comments' own sketches where known (taken when they were enqueued).
    Each comment is compared with the recent comments through their stored sketches
    (assessed ones on their assessment, waiting ones on their job), and its commenter's
    record, and the record of the other commenters sharing its client address, are read for
    the whole batch in two grouped queries.
    """
    now = timezone.now()
    sketches = sketches or {}
    recent = _recent_sketches(now)
    records = _records(comments, now)
    signals = {}
    for comment in comments:
        bins = sketches.get(comment.pk)
        record = records[comment.pk]
        mine, address, first_seen = record["mine"], record["address"], record["first"]
        # Links to the newsroom's own site are citations, not promotion.
        own = {urlparse(u).hostname for u in (comment.article.url, settings.SITE_URL) if u}
        signals[comment.pk] = Signals(
            recent_index=recent,
            key=comment.pk,
            sketch=Sketch(tuple(bins)) if bins else None,
            author_recent_count=mine["recent"],
            author_approved=mine["approved"],
            author_rejected=mine["rejected"],
            author_first_seen_days=(now - first_seen).total_seconds() / 86400
            if first_seen
            else None,
            address_recent_count=address["recent"],
            address_approved=address["approved"],
            address_rejected=address["rejected"],
            trusted_domains=frozenset(filter(None, own)) | settings.MAJLIS["TRUSTED_DOMAINS"],
        )
    return signals


def _recent_sketches(now: datetime) -> RecentSketches:
    """The last WAVE_LIMIT comments of the wave window, by their stored sketches."""
    rows = (
        Comment.objects.filter(created_at__gte=now - WAVE_WINDOW)
        .order_by("-created_at")
        .values_list("pk", "assessment__sketch", "assessment_job__sketch")[:WAVE_LIMIT]
    )
    found = {pk: assessed or waiting for pk, assessed, waiting in rows}
    # Only comments from before sketches were stored have none: sketch those once here.
    missing = [pk for pk, bins in found.items() if not bins]
    if missing:
        for pk, body in Comment.objects.filter(pk__in=missing).values_list("pk", "body"):
            found[pk] = sketch(body).bins
    return RecentSketches((pk, Sketch(tuple(bins))) for pk, bins in found.items())


def _email_key(comment: Comment) -> str:
    # The database's own folding when the caller annotated it (matches the grouped query).
    return getattr(comment, "email_key", None) or comment.author_email.lower()


def _records(comments: Sequence[Comment], now: datetime) -> dict[int, dict]:
    """Each comment's two records, itself left out: its commenter's (the same email in any
    case) and, apart, the other commenters' who posted from its client address: the counts by
    status and in the rate window, and when the commenter was first seen.

    Two grouped queries, each answered from an index alone: by (email, client) for the
    batch's emails, and by client for its clients. The address's record is the client's row
    less the commenter's own (email, client) pair: many readers share an address (a
    newsroom's proxy, a mobile carrier), and their comments are not the commenter's.
    """
    emails = {_email_key(c) for c in comments}
    clients = {c.client_hash for c in comments if c.client_hash}
    others = Comment.objects.exclude(pk__in=[c.pk for c in comments])
    tally = {
        "approved": Count("pk", filter=Q(status=Status.APPROVED)),
        "rejected": Count("pk", filter=Q(status=Status.REJECTED)),
        "recent": Count("pk", filter=Q(created_at__gte=now - RATE_WINDOW)),
        "first": Min("created_at"),
    }
    pairs = {
        (row.pop("email_key"), row.pop("client_hash")): row
        for row in others.annotate(email_key=Lower("author_email"))
        .filter(email_key__in=emails)
        .values("email_key", "client_hash")
        .annotate(**tally)
        .order_by()
    }
    by_client = {}
    if clients:
        by_client = {
            row.pop("client_hash"): row
            for row in others.filter(client_hash__in=clients)
            .values("client_hash")
            .annotate(**tally)
            .order_by()
        }
    pairs_by_email: dict[str, list[dict]] = {}
    for (email, _), row in pairs.items():
        pairs_by_email.setdefault(email, []).append(row)
    mates: dict[str, list[Comment]] = {}
    for c in comments:
        mates.setdefault(_email_key(c), []).append(c)
        if c.client_hash:
            mates.setdefault(f"client:{c.client_hash}", []).append(c)
    records = {}
    for c in comments:
        email, client = _email_key(c), c.client_hash
        own = list(pairs_by_email.get(email, ()))
        shared: list[dict] = []
        if client:
            shared.append(by_client.get(client, {}))
            both = pairs.get((email, client))
            if both:
                shared.append({k: -v for k, v in both.items() if k != "first"})
        # The batch's other comments are history too (ten posts in a minute).
        own.extend(_row(m, now) for m in mates.get(email, ()) if m.pk != c.pk)
        if client:
            shared.extend(
                _row(m, now) for m in mates.get(f"client:{client}", ()) if _email_key(m) != email
            )
        records[c.pk] = {
            "mine": _sum(own),
            "address": _sum(shared),
            "first": min((r["first"] for r in own if r.get("first")), default=None),
        }
    return records


def _row(comment: Comment, now: datetime) -> dict:
    return {
        "approved": int(comment.status == Status.APPROVED),
        "rejected": int(comment.status == Status.REJECTED),
        "recent": int(comment.created_at >= now - RATE_WINDOW),
        "first": comment.created_at,
    }


def _sum(rows: list[dict]) -> dict[str, int]:
    return {key: sum(row.get(key, 0) for row in rows) for key in ("approved", "rejected", "recent")}
