"""Comment events, queued for every webhook that wants them, in the event's transaction.

`majlis.comments.actions` calls `comment_created` and `comments_decided` where it writes the
change, so a delivery commits with its comment or decision, or not at all. Which webhooks
are active is read once every `REFRESH_SECONDS` per process, not once per event: a site
without webhooks pays no query for its comments, and a batch of automatic decisions pays one
insert for all of its deliveries (and one read of the articles it was not given).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone

from majlis.articles.models import Article
from majlis.comments.models import Comment, Decision
from majlis.webhooks.models import Delivery, Event, Webhook

# How stale another process's list of webhooks may be: a webhook added in the admin hears
# from every process within this many seconds (from this one, at once).
REFRESH_SECONDS = 5.0


@dataclass(frozen=True)
class _Subscriber:
    id: int
    events: frozenset[str]


_lock = threading.Lock()
_snapshot: tuple[float, tuple[_Subscriber, ...]] | None = None


def forget() -> None:
    """Read the webhooks afresh at the next event."""
    global _snapshot
    with _lock:
        _snapshot = None


def forget_on_change(sender, **kwargs) -> None:
    forget()


def _subscribers(event: str) -> list[_Subscriber]:
    global _snapshot
    with _lock:
        snapshot = _snapshot
    if snapshot is None or time.monotonic() - snapshot[0] >= REFRESH_SECONDS:
        hooks = tuple(
            _Subscriber(pk, frozenset(events or Event.values))
            for pk, events in Webhook.objects.filter(active=True).values_list("pk", "events")
        )
        snapshot = (time.monotonic(), hooks)
        with _lock:
            _snapshot = snapshot
    return [hook for hook in snapshot[1] if event in hook.events]


def comment_created(comment: Comment) -> None:
    """Queue `comment.created` for a comment just stored (inside its transaction)."""
    _enqueue(Event.COMMENT_CREATED, [(comment, None)])


def comments_decided(decided: Sequence[tuple[Comment, Decision]]) -> None:
    """Queue `comment.decided` for each (comment, its new decision), the comment's status
    already the decision's (inside the deciding transaction)."""
    _enqueue(Event.COMMENT_DECIDED, decided)


def _enqueue(event: str, items: Sequence[tuple[Comment, Decision | None]]) -> None:
    if not items:
        return
    hooks = _subscribers(event)
    if not hooks:
        return
    articles = _articles(comment for comment, _ in items)
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(webhook_id=hook.id, event=event, body=body, created_at=now, next_attempt_at=now)
        for comment, decision in items
        for body in [encode(payload(event, comment, decision, articles[comment.article_id], now))]
        for hook in hooks
    )


def _articles(comments: Iterable[Comment]) -> dict[int, Article]:
    """Each comment's article: those already loaded as they are, the rest in one query."""
    found: dict[int, Article] = {}
    missing: set[int] = set()
    for comment in comments:
        if Comment.article.is_cached(comment):
            found[comment.article_id] = comment.article
        else:
            missing.add(comment.article_id)
    missing -= found.keys()
    if missing:
        found.update(Article.objects.in_bulk(missing))
    return found


def encode(data: dict) -> str:
    """The body as sent: compact JSON, UTF-8 text as it is (no \\u escapes)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def payload(
    event: str, comment: Comment, decision: Decision | None, article: Article, now: datetime
) -> dict:
    """What a receiver is told. Never the commenter's email, nor a moderator's note (it is
    written for colleagues, not for other systems)."""
    return {
        "event": event,
        "created_at": _timestamp(now),
        "comment": {
            "id": comment.pk,
            "article_key": article.key,
            "parent_id": comment.parent_id,
            "author_name": comment.author_name,
            "body": comment.body,
            "status": comment.status,
            "language": comment.language,
            "created_at": _timestamp(comment.created_at),
        },
        "decision": decision and _decision(decision, comment),
        "article": {
            "key": article.key,
            "title": article.title,
            "url": article.url or settings.SITE_URL.rstrip("/") + article.get_absolute_url(),
        },
    }


def _decision(decision: Decision, comment: Comment) -> dict:
    if decision.is_automatic:
        kind = "automatic"
    elif decision.imported_from:
        kind = "import"
    else:
        kind = "moderator"
    return {
        "id": decision.pk,
        "verdict": decision.verdict,
        "status": comment.status,
        "categories": list(decision.categories),
        "actor": {"kind": kind, "name": decision.actor_label},
        "automatic": decision.is_automatic,
        "created_at": _timestamp(decision.created_at),
    }


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
