"""The background work of the automatic moderator: a queue of comments, assessed in batches.

Each stored comment gets an `AssessmentJob` in the transaction that stores it. A worker
`claim`s a batch of due jobs under a lease, assesses the batch with one `assess_many` call
and a few queries (`context.signals_for_batch`), then stores the assessments and decides,
through the same `approve` / `reject` as a person, as the automatic moderator. The store
deletes the jobs it finishes in the same transaction, and only jobs still claimed by this
worker: a worker that lost its lease (it stalled past it and another took the comment)
stores nothing, so no comment is assessed twice. A failure is retried with a growing delay
up to MAJLIS_ASSESS_MAX_ATTEMPTS; `reconcile` enqueues any pending comment that waited too
long with no job, so none is forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import get_random_string

from majlis.comments import actions
from majlis.comments.models import Comment
from majlis.learning.serving import active_heads
from majlis.moderation import policy
from majlis.moderation.context import article_contexts, signals_for_batch
from majlis.moderation.duplicates import sketch
from majlis.moderation.engine import ENGINE_VERSION, Assessment, assess_many
from majlis.moderation.models import (
    AssessmentJob,
    CommentAssessment,
    current_policy,
    overdue_comments,
)

log = logging.getLogger(__name__)

AUTOMATIC = actions.AutomaticModerator(ENGINE_VERSION)
# The database is away (restarting, unreachable): not the comment's fault, so not an attempt
# lost; the worker waits and tries again.
OUTAGE = (OperationalError, InterfaceError)
# The suggestions the machine acts on where the policy lets it; "review" waits for a person.
DECIDING = (policy.APPROVE, policy.REJECT)


def retry_delay(attempt: int) -> timedelta:
    """10 s, 40 s, 2.5 min, 10 min …: quick for a hiccup, patient with an outage."""
    return timedelta(seconds=10 * 4 ** (attempt - 1))


def lease() -> timedelta:
    return timedelta(seconds=settings.MAJLIS["ASSESS_LEASE_SECONDS"])


def enqueue(comments: Iterable[Comment]) -> int:
    """Queue an assessment for each comment that has none queued; returns how many were new.

    Sketches each comment now, once: later comments compare with it through the sketch.
    """
    jobs = [AssessmentJob(comment_id=c.pk, sketch=list(sketch(c.body).bins)) for c in comments]
    if not jobs:
        return 0
    before = AssessmentJob.objects.filter(comment_id__in=[j.comment_id for j in jobs]).count()
    # One row per comment: enqueuing twice (two reconcilers at once) leaves one job.
    AssessmentJob.objects.bulk_create(jobs, ignore_conflicts=True)
    return len(jobs) - before


def claim(worker_id: str, size: int) -> list[int]:
    """Claim up to `size` due jobs for `worker_id`, under a lease; returns their comment ids.

    On PostgreSQL the rows are locked with SKIP LOCKED, so workers claiming at once take
    different rows without waiting; SQLite's transactions here are IMMEDIATE (settings.py),
    so claims queue for the write lock and each sees the one before it.
    """
    now = timezone.now()
    with transaction.atomic():
        due = AssessmentJob.objects.filter(failed_at__isnull=True, run_after__lte=now)
        due = due.select_for_update(skip_locked=True)
        rows = list(
            due.order_by("run_after", "comment_id").values_list("comment_id", "attempts")[:size]
        )
        limit = settings.MAJLIS["ASSESS_MAX_ATTEMPTS"]
        # A job whose last attempt never finished (its worker died each time) is given up.
        spent = [pk for pk, attempts in rows if attempts >= limit]
        if spent:
            AssessmentJob.objects.filter(comment_id__in=spent).update(
                failed_at=now, claimed_by="", last_error="the worker stopped during every attempt"
            )
            for pk in spent:
                log.error("assessing comment %s never finished in %s attempts", pk, limit)
        ids = [pk for pk, attempts in rows if attempts < limit]
        AssessmentJob.objects.filter(comment_id__in=ids).update(
            claimed_by=worker_id,
            claimed_at=now,
            run_after=now + lease(),
            attempts=F("attempts") + 1,
        )
    return ids


def renew(worker_id: str, ids: Sequence[int]) -> int:
    """Extend this worker's lease on `ids`; returns how many it still holds."""
    return AssessmentJob.objects.filter(comment_id__in=ids, claimed_by=worker_id).update(
        run_after=timezone.now() + lease()
    )


def release(worker_id: str) -> int:
    """Give back every job this worker holds, due now (after an outage, or on shutdown)."""
    return AssessmentJob.objects.filter(claimed_by=worker_id, failed_at__isnull=True).update(
        claimed_by="", run_after=timezone.now()
    )


@dataclass
class BatchOutcome:
    stored: int = 0
    failed: int = 0
    lost: int = 0  # jobs another worker took over after this one's lease ran out
    suggestions: dict[int, str] = field(default_factory=dict)


def run_assessment(comment_id: int) -> str:
    """Assess one comment now, outside any worker (the shell, tests); returns the suggestion,
    or "gone". Takes the comment's job over, so a worker holding it stores nothing."""
    if not Comment.objects.filter(pk=comment_id).exists():
        return "gone"
    worker_id = f"direct-{get_random_string(12)}"
    AssessmentJob.objects.update_or_create(
        comment_id=comment_id,
        defaults={"claimed_by": worker_id, "run_after": timezone.now() + lease()},
    )
    outcome = assess_batch(worker_id, [comment_id])
    if outcome.failed:
        raise RuntimeError(f"assessing comment {comment_id} failed; it will be retried")
    return outcome.suggestions.get(comment_id, "gone")


def assess_batch(worker_id: str, ids: Sequence[int]) -> BatchOutcome:
    """Assess the claimed comments `ids` and store the results; see the module's docstring."""
    outcome = BatchOutcome()
    comments = list(
        Comment.objects.select_related("article")
        .annotate(email_key=Lower("author_email"))
        .filter(pk__in=ids)
        .order_by("pk")
    )
    jobs = dict(
        AssessmentJob.objects.filter(comment_id__in=ids).values_list("comment_id", "sketch")
    )
    gone = set(ids) - {c.pk for c in comments}
    if gone:
        AssessmentJob.objects.filter(comment_id__in=gone, claimed_by=worker_id).delete()
    if not comments:
        return outcome
    rules = current_policy()
    articles = article_contexts(c.article for c in comments)
    signals = signals_for_batch(comments, jobs)
    # Each site's comments with its own learned heads (`majlis learn`), where it has any.
    by_site: dict[int, list[Comment]] = {}
    for c in comments:
        by_site.setdefault(c.article.site_id, []).append(c)
    found: dict[int, Assessment | BaseException] = {}
    for site_id, group in by_site.items():
        site = active_heads(site_id)
        site_rules = site.policy_for(rules)
        try:
            assessed = assess_many(
                [c.body for c in group],
                articles=[articles[c.article_id] for c in group],
                signals=[signals[c.pk] for c in group],
                policy=site_rules,
                learned_heads=site.heads,
            )
            found.update((c.pk, r) for c, r in zip(group, assessed, strict=True))
        except Exception:
            # One comment broke the batch: find which, assessing them one by one.
            for c in group:
                found[c.pk] = _assess_one(
                    c, articles[c.article_id], signals[c.pk], site_rules, site.heads
                )
    results: list[Assessment | BaseException] = [found[c.pk] for c in comments]
    good = [(c, r) for c, r in zip(comments, results, strict=True) if isinstance(r, Assessment)]
    for c, r in zip(comments, results, strict=True):
        if not isinstance(r, Assessment):
            _failed(worker_id, c.pk, r)
            outcome.failed += 1
    try:
        with transaction.atomic():
            stored, lost = _store(worker_id, good, jobs, rules)
    except OUTAGE:
        raise
    except DatabaseError:
        # Something in one comment's store failed the batch's transaction: one by one.
        stored = lost = 0
        for item in good:
            try:
                with transaction.atomic():
                    done, missed = _store(worker_id, [item], jobs, rules)
                stored, lost = stored + done, lost + missed
            except OUTAGE:
                raise
            except DatabaseError as error:
                _failed(worker_id, item[0].pk, error)
                outcome.failed += 1
    outcome.stored, outcome.lost = stored, lost
    outcome.suggestions = {c.pk: r.suggestion for c, r in good}
    return outcome


def _assess_one(comment, article, signals, rules, heads) -> Assessment | BaseException:
    try:
        return assess_many(
            [comment.body],
            articles=[article],
            signals=[signals],
            policy=rules,
            learned_heads=heads,
        )[0]
    except Exception as error:
        return error


def _store(worker_id: str, items, sketches: dict, rules: policy.Policy) -> tuple[int, int]:
    """Store assessments and decide, for the jobs this worker still holds. In a transaction."""
    ids = [c.pk for c, _ in items]
    held = set(
        AssessmentJob.objects.select_for_update()
        .filter(comment_id__in=ids, claimed_by=worker_id)
        .values_list("comment_id", flat=True)
    )
    mine = [(c, r) for c, r in items if c.pk in held]
    now = timezone.now()
    CommentAssessment.objects.bulk_create(
        [_assessment(c, r, sketches.get(c.pk), now) for c, r in mine],
        update_conflicts=True,
        unique_fields=["comment"],
        update_fields=ASSESSMENT_FIELDS,
    )
    by_language: dict[str, list[int]] = {}
    for c, r in mine:
        if c.language != r.language:
            by_language.setdefault(r.language, []).append(c.pk)
            c.language = r.language
    for language, pks in by_language.items():
        Comment.objects.filter(pk__in=pks).update(language=language)
    if rules.automatic:
        actions.decide_automatically(
            (
                (c, r.suggestion, r.suggestion_categories, _note(r.reasons))
                for c, r in mine
                if r.suggestion in DECIDING
            ),
            actor=AUTOMATIC,
        )
    AssessmentJob.objects.filter(comment_id__in=held, claimed_by=worker_id).delete()
    return len(mine), len(items) - len(mine)


def _note(reasons: Sequence[str]) -> str:
    """The reasons as the decision's note, cut to the length a note may have: the verdict's
    own reasons come first, and the assessment keeps them all."""
    note = "; ".join(reasons)
    limit = actions.NOTE_MAX_LENGTH
    return note if len(note) <= limit else note[: limit - 1].rstrip() + "…"


ASSESSMENT_FIELDS = [
    "language",
    "language_confidence",
    "scores",
    "evidence",
    "suggestion",
    "categories",
    "reasons",
    "risk",
    "versions",
    "duration_ms",
    "sketch",
    "created_at",
]


def _assessment(comment: Comment, result: Assessment, bins, now) -> CommentAssessment:
    return CommentAssessment(
        comment=comment,
        language=result.language,
        language_confidence=result.language_confidence,
        scores=result.scores,
        evidence=[e.to_dict() for e in result.evidence],
        suggestion=result.suggestion,
        categories=list(result.suggestion_categories),
        reasons=list(result.reasons),
        risk=max((result.scores.get(c, 0.0) for c in policy.CATEGORIES), default=0),
        versions=result.versions,
        duration_ms=result.duration_ms,
        sketch=bins if bins is not None else list(sketch(comment.body).bins),
        created_at=now,
    )


def _failed(worker_id: str, comment_id: int, error: BaseException) -> None:
    """Schedule the next attempt, or give up after the last one (the comment stays pending)."""
    job = AssessmentJob.objects.filter(comment_id=comment_id, claimed_by=worker_id).first()
    if job is None:
        return
    now = timezone.now()
    job.claimed_by = ""
    job.last_error = f"{type(error).__name__}: {error}"[:2000]
    if job.attempts < settings.MAJLIS["ASSESS_MAX_ATTEMPTS"]:
        job.run_after = now + retry_delay(job.attempts)
        log.warning(
            "assessment of comment %s failed (attempt %s); retrying",
            comment_id,
            job.attempts,
            exc_info=error,
        )
    else:
        job.failed_at = now
        log.error(
            "assessment of comment %s failed %s times; a person must look",
            comment_id,
            job.attempts,
            exc_info=error,
        )
    job.save(update_fields=["claimed_by", "last_error", "run_after", "failed_at"])


def reconcile() -> int:
    """Enqueue an assessment for every overdue comment with no job. Returns how many."""
    lost = list(
        overdue_comments()
        .filter(assessment_job__isnull=True)
        .order_by("created_at")
        .only("pk", "body", "created_at")[:500]
    )
    for comment in lost:
        log.warning("comment %s waited without an assessment; enqueuing it again", comment.pk)
    return enqueue(lost)
