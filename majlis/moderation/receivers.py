"""Every stored comment gets an assessment job, queued in the transaction that stores it:
the comment and its job are committed together or not at all."""

from __future__ import annotations

from django.dispatch import receiver

from majlis.comments.signals import comment_stored


@receiver(comment_stored, dispatch_uid="majlis.moderation.enqueue")
def enqueue_assessment(sender, comment, **kwargs) -> None:
    from majlis.moderation.tasks import enqueue

    enqueue([comment])
