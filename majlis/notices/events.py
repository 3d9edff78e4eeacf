"""Hooks `majlis.comments.actions` calls where it decides: mail is queued with the decision.

A decision is never held up or undone by mail: the messages are stored in the deciding
transaction (the mail outbox, `majlis.notices.outgoing`) and the worker sends them once it
has committed; a rolled-back decision leaves none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from majlis.comments.models import Comment, Decision


def comments_decided(decisions: Sequence[Decision]) -> None:
    """Queue mail to the commenters of these new decisions (in the deciding transaction)."""
    from majlis.notices import mail

    mail.decisions([d.pk for d in decisions])


def subscribe_to_replies(comment: Comment) -> None:
    from majlis.notices.models import ReplySubscription

    ReplySubscription.objects.get_or_create(comment=comment)


def forget_comments(ids: Iterable[int]) -> None:
    """A withdrawn comment's author asked for nothing more: its reply notices stop."""
    from majlis.notices.models import ReplySubscription

    ReplySubscription.objects.filter(comment_id__in=list(ids)).delete()
