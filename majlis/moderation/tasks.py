"""The background work of the automatic moderator, on Django's Tasks API (django-tasks).

`assess_comment` reads a comment, stores the assessment and, where the site's policy allows,
decides through the same `approve` / `reject` as a person, as the automatic moderator.
A failure is retried with a growing delay; `reconcile` (run by `majlis worker`) re-enqueues
any pending comment that has waited too long without an assessment, so none is forgotten.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from majlis.comments import actions
from majlis.comments.models import Comment, Status
from majlis.moderation import policy
from majlis.moderation.context import article_context, signals_for
from majlis.moderation.duplicates import sketch
from majlis.moderation.engine import ENGINE_VERSION, assess
from majlis.moderation.models import CommentAssessment, current_policy, overdue_comments

log = logging.getLogger(__name__)

AUTOMATIC = actions.AutomaticModerator(ENGINE_VERSION)


def retry_delay(attempt: int) -> timedelta:
    """10 s, 40 s, 2.5 min, 10 min …: quick for a hiccup, patient with an outage."""
    return timedelta(seconds=10 * 4 ** (attempt - 1))


@task()
def assess_comment(comment_id: int, attempt: int = 1) -> str:
    try:
        return run_assessment(comment_id)
    except Exception:
        if attempt < settings.MAJLIS["ASSESS_MAX_ATTEMPTS"]:
            assess_comment.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                comment_id, attempt + 1
            )
            log.warning(
                "assessment of comment %s failed (attempt %s); retrying",
                comment_id,
                attempt,
                exc_info=True,
            )
        else:
            log.error(
                "assessment of comment %s failed %s times; a person must look",
                comment_id,
                attempt,
                exc_info=True,
            )
        raise


def run_assessment(comment_id: int) -> str:
    """Assess one comment and apply the policy. Returns what happened, for the task log."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None:
        return "gone"
    rules = current_policy()
    result = assess(
        comment.body,
        article=article_context(comment.article),
        signals=signals_for(comment),
        policy=rules,
    )
    with transaction.atomic():
        CommentAssessment.objects.update_or_create(
            comment=comment,
            defaults={
                "language": result.language,
                "language_confidence": result.language_confidence,
                "scores": result.scores,
                "evidence": [e.to_dict() for e in result.evidence],
                "suggestion": result.suggestion,
                "categories": list(result.suggestion_categories),
                "reasons": list(result.reasons),
                "risk": max((result.scores.get(c, 0.0) for c in policy.CATEGORIES), default=0),
                "versions": result.versions,
                "duration_ms": result.duration_ms,
                "sketch": list(sketch(comment.body).bins),
                "created_at": timezone.now(),
            },
        )
        if comment.language != result.language:
            comment.language = result.language
            comment.save(update_fields=["language"])
        if not rules.automatic or comment.status != Status.PENDING:
            return result.suggestion
        note = "; ".join(result.reasons)
        if result.suggestion == policy.APPROVE:
            actions.approve(comment, actor=AUTOMATIC, note=note, only_if_pending=True)
        elif result.suggestion == policy.REJECT:
            actions.reject(
                comment,
                actor=AUTOMATIC,
                categories=result.suggestion_categories,
                note=note,
                only_if_pending=True,
            )
    return result.suggestion


def outstanding_comment_ids() -> set[int]:
    """Comments with an assessment task waiting or running."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=assess_comment.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    return {int(row["args"][0]) for row in waiting if row.get("args")}


def reconcile() -> int:
    """Enqueue an assessment for every overdue comment nobody is working on. Returns how many."""
    busy = outstanding_comment_ids()
    waiting = overdue_comments().order_by("created_at").values_list("pk", flat=True)[:500]
    lost = [pk for pk in waiting if pk not in busy]
    for pk in lost:
        log.warning("comment %s waited without an assessment; enqueuing it again", pk)
        assess_comment.enqueue(pk)
    return len(lost)
