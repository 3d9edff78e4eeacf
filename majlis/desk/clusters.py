"""Near-duplicate clusters in the queue: the same advert posted twenty times with small
changes, to approve or reject as one.

The worker sketches every comment when it is stored (`moderation.duplicates.sketch`) and
keeps the sketch on its job, then on its assessment; the desk compares pending comments
through those stored sketches, with the similarity the worker's spam-wave signal uses.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ObjectDoesNotExist

from majlis.comments.models import Comment
from majlis.moderation.duplicates import RecentSketches, Sketch, sketch

SIMILARITY = 0.6  # as the worker's near-duplicate signal (moderation.signals)
MIN_CHARS = 25  # shorter texts ("thanks!") are alike without being a wave
LIMIT = 2000  # pending comments compared, newest first


def _pending_sketches() -> RecentSketches:
    rows = (
        Comment.objects.pending()
        .order_by("-created_at")
        .values_list("pk", "body", "assessment__sketch", "assessment_job__sketch")[:LIMIT]
    )
    return RecentSketches(
        (pk, Sketch(tuple(assessed or waiting or sketch(body).bins)))
        for pk, body, assessed, waiting in rows
        if len(body.strip()) >= MIN_CHARS
    )


def _own(comment: Comment) -> Sketch | None:
    if len(comment.body.strip()) < MIN_CHARS:
        return None
    try:
        bins = comment.assessment.sketch
    except ObjectDoesNotExist:
        bins = None
    return Sketch(tuple(bins)) if bins else sketch(comment.body)


def cluster_sizes(comments: Sequence[Comment]) -> dict[int, int]:
    """How many other pending comments are near-duplicates of each: one query."""
    index = _pending_sketches()
    sizes = {}
    for comment in comments:
        own = _own(comment)
        sizes[comment.pk] = len(index.query(own, SIMILARITY, exclude=comment.pk)) if own else 0
    return sizes


def cluster_of(comment: Comment) -> list[int]:
    """The pending comments near-duplicating `comment`, itself first if pending."""
    own = _own(comment)
    hits = _pending_sketches().query(own, SIMILARITY, exclude=comment.pk) if own else []
    mates = [pk for pk, _ in hits]
    return ([comment.pk] if comment.is_pending else []) + mates
