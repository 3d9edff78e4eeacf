"""A commenter's record, as the desk shows it beside each comment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Lower, RowNumber

from majlis.comments.models import Comment, Status

RECENT = 5


@dataclass
class History:
    approved: int = 0
    rejected: int = 0
    pending: int = 0
    recent: list[Comment] = field(default_factory=list)


def histories(emails: set[str], *, exclude: set[int] = frozenset()) -> dict[str, History]:
    """Histories keyed by lower-cased email, in two queries whatever the number of emails."""
    keys = {e.lower() for e in emails}
    found: dict[str, History] = defaultdict(History)
    if not keys:
        return found
    by_email = Comment.objects.annotate(email_key=Lower("author_email")).filter(email_key__in=keys)
    for row in by_email.values("email_key").annotate(
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
    ):
        found[row["email_key"]] = History(row["approved"], row["rejected"], row["pending"])
    recent = (
        by_email.exclude(pk__in=exclude)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("email_key")], order_by=F("created_at").desc())
        )
        .filter(rank__lte=RECENT)
        .select_related("article")
        .order_by("-created_at")
    )
    for comment in recent:
        found[comment.email_key].recent.append(comment)
    return found
