"""Hooks `majlis.comments.actions` calls where it decides: mail goes out after the commit.

A decision is never held up or undone by mail: the messages are composed and sent once the
deciding transaction has committed (`transaction.on_commit`), each in its own try, and a
failure is logged, not raised (see `majlis.notices.mail`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from majlis.comments.models import Comment, Decision


def comments_decided(decisions: Sequence[Decision]) -> None:
    """Mail the commenters of these new decisions (inside the deciding transaction)."""
    ids = [d.pk for d in decisions]
    if not ids:
        return

    def send() -> None:
        from majlis.notices import mail

        mail.decisions(ids)

    transaction.on_commit(send, robust=True)


def subscribe_to_replies(comment: Comment) -> None:
    from majlis.notices.models import ReplySubscription

    ReplySubscription.objects.get_or_create(comment=comment)


def forget_comments(ids: Iterable[int]) -> None:
    """A withdrawn comment's author asked for nothing more: its reply notices stop."""
    from majlis.notices.models import ReplySubscription

    ReplySubscription.objects.filter(comment_id__in=list(ids)).delete()
