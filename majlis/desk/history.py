"""A commenter's record, as the desk shows it beside each comment.

A signed-in reader's record is their account's: every comment tied to it, under whatever
name or email the account had then. Anyone else's is what was posted without an account
under the same email, case folded. The two never mix: a typed email proves nothing, so an
account's good record must not vouch for someone who typed its email, nor their comments
count against the account.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When, Window
from django.db.models.functions import Cast, Concat, Lower, RowNumber

from majlis.comments.models import Comment, Status

RECENT = 5


@dataclass
class History:
    approved: int = 0
    rejected: int = 0
    pending: int = 0
    recent: list[Comment] = field(default_factory=list)


def commenter(comment: Comment) -> str:
    """Whose record `comment` belongs to: its account, or else its folded email."""
    if comment.reader_id is not None:
        return f"reader:{comment.reader_id}"
    return f"email:{comment.author_email.lower()}"


def histories(comments: Iterable[Comment], *, exclude: Iterable[int] = ()) -> dict[str, History]:
    """The records of these comments' commenters, keyed by `commenter(comment)`, in two
    queries whatever their number. `exclude`: comments not to list as recent (those on
    screen already)."""
    comments = list(comments)
    readers = {c.reader_id for c in comments if c.reader_id is not None}
    emails = {c.author_email.lower() for c in comments if c.reader_id is None}
    found: dict[str, History] = defaultdict(History)
    if not readers and not emails:
        return found
    mine = Q(reader_id__in=readers) | Q(reader__isnull=True, email_key__in=emails)
    theirs = (
        Comment.objects.annotate(email_key=Lower("author_email"))
        .filter(mine)
        .annotate(
            who=Case(
                When(
                    reader__isnull=False,
                    then=Concat(Value("reader:"), Cast("reader_id", CharField())),
                ),
                default=Concat(Value("email:"), F("email_key")),
                output_field=CharField(),
            )
        )
    )
    for row in theirs.values("who").annotate(
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
        pending=Count("pk", filter=Q(status=Status.PENDING)),
    ):
        found[row["who"]] = History(row["approved"], row["rejected"], row["pending"])
    recent = (
        theirs.exclude(pk__in=set(exclude))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("who")], order_by=F("created_at").desc())
        )
        .filter(rank__lte=RECENT)
        .select_related("article")
        .order_by("-created_at")
    )
    for comment in recent:
        found[comment.who].recent.append(comment)
    return found
