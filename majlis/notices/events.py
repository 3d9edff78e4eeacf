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


def report_received(report) -> None:
    """A notice of illegal content was stored: its sender gets a receipt (DSA art. 16(4))."""
    from majlis.notices import mail

    mail.notice_received(report)


def reports_resolved(resolution, report_ids: Iterable[int]) -> None:
    """These reports were resolved: the senders of notices among them are told of the
    decision and its reasons (DSA art. 16(5))."""
    from majlis.notices import mail

    mail.notices_decided(resolution, report_ids)
