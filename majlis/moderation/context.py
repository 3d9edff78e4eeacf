"""From the database to the engine's plain inputs: the article, and the signals around a comment."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from majlis.articles.models import Article
from majlis.comments.models import Comment, Status
from majlis.moderation.duplicates import Sketch
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
        tags=tuple(article.tags.values_list("name", flat=True)),
        language=article.language,
    )


def signals_for(comment: Comment) -> Signals:
    """The comment's surroundings: recent comments site-wide, and its author's record."""
    now = timezone.now()
    recent = [
        # A comment already assessed brings its stored sketch; the others, their text.
        Sketch(tuple(bins)) if bins else body
        for body, bins in Comment.objects.filter(created_at__gte=now - WAVE_WINDOW)
        .exclude(pk=comment.pk)
        .order_by("-created_at")
        .values_list("body", "assessment__sketch")[:WAVE_LIMIT]
    ]
    same_author = Q(author_email__iexact=comment.author_email)
    if comment.client_hash:
        same_author |= Q(client_hash=comment.client_hash)
    record = (
        Comment.objects.filter(same_author)
        .exclude(pk=comment.pk)
        .aggregate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            rejected=Count("pk", filter=Q(status=Status.REJECTED)),
            recent=Count("pk", filter=Q(created_at__gte=now - RATE_WINDOW)),
            first=Min("created_at"),
        )
    )
    first_seen = record["first"]
    # Links to the newsroom's own site are citations, not promotion.
    own = {urlparse(u).hostname for u in (comment.article.url, settings.SITE_URL) if u}
    return Signals(
        recent_texts=tuple(recent),
        author_recent_count=record["recent"],
        author_approved=record["approved"],
        author_rejected=record["rejected"],
        author_first_seen_days=(now - first_seen).total_seconds() / 86400 if first_seen else None,
        trusted_domains=frozenset(filter(None, own)) | settings.MAJLIS["TRUSTED_DOMAINS"],
    )
