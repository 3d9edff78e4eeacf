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
from majlis.sites.models import Site
from majlis.webhooks.models import Delivery, Event, Webhook

# How stale another process's list of webhooks may be: a webhook added in the admin hears
# from every process within this many seconds (from this one, at once).
REFRESH_SECONDS = 5.0


@dataclass(frozen=True)
class _Subscriber:
    id: int
    events: frozenset[str]
    site_id: int | None  # None: every site

    def wants(self, event: str, article: Article) -> bool:
        return event in self.events and self.site_id in (None, article.site_id)


@dataclass(frozen=True)
class _Snapshot:
    taken: float
    hooks: tuple[_Subscriber, ...]
    # The sites by id (read only where there are webhooks): a payload names its site, and
    # an article's address depends on it.
    sites: dict[int, Site]


_lock = threading.Lock()
_snapshot: _Snapshot | None = None


def forget() -> None:
    """Read the webhooks afresh at the next event."""
    global _snapshot
    with _lock:
        _snapshot = None


def forget_on_change(sender, **kwargs) -> None:
    forget()


def _current() -> _Snapshot:
    global _snapshot
    with _lock:
        snapshot = _snapshot
    if snapshot is None or time.monotonic() - snapshot.taken >= REFRESH_SECONDS:
        hooks = tuple(
            _Subscriber(pk, frozenset(events or Event.values), site_id)
            for pk, events, site_id in Webhook.objects.filter(active=True).values_list(
                "pk", "events", "site_id"
            )
        )
        sites = Site.objects.in_bulk() if hooks else {}
        snapshot = _Snapshot(time.monotonic(), hooks, sites)
        with _lock:
            _snapshot = snapshot
    return snapshot


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
    snapshot = _current()
    if not any(event in hook.events for hook in snapshot.hooks):
        return
    articles = _articles((comment for comment, _ in items), snapshot.sites)
    now = timezone.now()
    deliveries = []
    for comment, decision in items:
        article = articles[comment.article_id]
        hooks = [hook for hook in snapshot.hooks if hook.wants(event, article)]
        if not hooks:
            continue
        body = encode(payload(event, comment, decision, article, now))
        deliveries.extend(
            Delivery(webhook_id=h.id, event=event, body=body, created_at=now, next_attempt_at=now)
            for h in hooks
        )
    Delivery.objects.bulk_create(deliveries)


def _articles(comments: Iterable[Comment], sites: dict[int, Site]) -> dict[int, Article]:
    """Each comment's article, with its site: those already loaded as they are, the rest in
    one query; their sites from `sites` (a site newer than it, in one more)."""
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
    siteless = [a for a in found.values() if not Article.site.is_cached(a)]
    unknown = {a.site_id for a in siteless} - sites.keys()
    if unknown:
        sites = {**sites, **Site.objects.in_bulk(unknown)}
    for article in siteless:
        article.site = sites[article.site_id]
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
            "site": article.site.key,
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
