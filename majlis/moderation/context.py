"""From the database to the engine's plain inputs: the article, and the signals around a comment."""

from __future__ import annotations

from collections.abc import Sequence
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


def article_context(article: Article) -> ArticleContext:
    return ArticleContext(
        title=article.title,
        body=article.body,
        tags=tuple(tag.name for tag in article.tags.all()),  # prefetched by a batch
        language=article.language,
    )


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
    record is read for the whole batch in one grouped query.
    """
    now = timezone.now()
    sketches = sketches or {}
    recent = _recent_sketches(now)
    records = _records(comments, now)
    signals = {}
    for comment in comments:
        bins = sketches.get(comment.pk)
        record = records[comment.pk]
        first_seen = record["first"]
        # Links to the newsroom's own site are citations, not promotion.
        own = {urlparse(u).hostname for u in (comment.article.url, settings.SITE_URL) if u}
        signals[comment.pk] = Signals(
            recent_index=recent,
            key=comment.pk,
            sketch=Sketch(tuple(bins)) if bins else None,
            author_recent_count=record["recent"],
            author_approved=record["approved"],
            author_rejected=record["rejected"],
            author_first_seen_days=(now - first_seen).total_seconds() / 86400
            if first_seen
            else None,
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
    """Each comment's commenter record (same email in any case, or same client), itself
    left out: the other comments' counts by status and in the rate window, and the first."""
    emails = {_email_key(c) for c in comments}
    clients = {c.client_hash for c in comments if c.client_hash}
    batch = [c.pk for c in comments]
    same = (
        Q(email_key__in=emails) | Q(client_hash__in=clients) if clients else Q(email_key__in=emails)
    )
    # One row per (email, client) pair among the other comments: each comment of that history
    # is in exactly one, so summing the pairs that match by email or by client counts each once.
    groups = list(
        Comment.objects.annotate(email_key=Lower("author_email"))
        .filter(same)
        .exclude(pk__in=batch)
        .values("email_key", "client_hash")
        .annotate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            recent=Count("pk", filter=Q(created_at__gte=now - RATE_WINDOW)),
            first=Min("created_at"),
        )
        .order_by()
    )
    by_email: dict[str, list[dict]] = {}
    by_client: dict[str, list[dict]] = {}
    for group in groups:
        by_email.setdefault(group["email_key"], []).append(group)
        if group["client_hash"]:
            by_client.setdefault(group["client_hash"], []).append(group)
    # The batch's own comments are history for each other (ten posts in a minute).
    for c in comments:
        mate = {
            "email_key": _email_key(c),
            "client_hash": c.client_hash,
            "approved": int(c.status == Status.APPROVED),
            "rejected": int(c.status == Status.REJECTED),
            "recent": int(c.created_at >= now - RATE_WINDOW),
            "first": c.created_at,
            "pk": c.pk,
        }
        by_email.setdefault(mate["email_key"], []).append(mate)
        if c.client_hash:
            by_client.setdefault(c.client_hash, []).append(mate)
    records = {}
    for c in comments:
        matched = {id(g): g for g in by_email.get(_email_key(c), ())}
        if c.client_hash:
            matched.update((id(g), g) for g in by_client.get(c.client_hash, ()))
        others = [g for g in matched.values() if g.get("pk") != c.pk]
        records[c.pk] = {
            "approved": sum(g["approved"] for g in others),
            "rejected": sum(g["rejected"] for g in others),
            "recent": sum(g["recent"] for g in others),
            "first": min((g["first"] for g in others), default=None),
        }
    return records
