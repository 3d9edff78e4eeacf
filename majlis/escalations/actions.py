"""Escalating a comment to an editor and sending it back: what the desk calls."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from majlis.accounts.models import Role, User
from majlis.comments import actions as comment_actions
from majlis.comments.models import Comment
from majlis.escalations.models import Escalation


class EscalationError(ValueError):
    def __init__(self, message: str, *, field: str = "note") -> None:
        super().__init__(message)
        self.field = field


def can_see_escalations(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.EDITOR)


def _note(note: str, *, required: bool) -> str:
    try:
        note = comment_actions.clean_note(note)
    except comment_actions.DecisionError as error:
        raise EscalationError(str(error)) from None
    if required and not note:
        raise EscalationError(_("Say in the note what the editor should look at."))
    return note


def escalate(comment: Comment, *, actor: User, note: str) -> Escalation:
    """Send a pending comment up to the editors with a note."""
    if not actor.can_moderate:
        raise EscalationError(_("Only moderators escalate comments."), field="comment")
    note = _note(note, required=True)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if not locked.is_pending:
            raise EscalationError(
                _("Only a comment awaiting moderation is escalated."), field="comment"
            )
        try:
            with transaction.atomic():
                return Escalation.objects.create(comment=locked, note=note, escalated_by=actor)
        except IntegrityError:
            raise EscalationError(
                _("This comment is already with an editor."), field="comment"
            ) from None


def send_back(comment: Comment, *, actor: User, note: str = "") -> Escalation:
    """An editor returns an escalated comment to the moderators' queue, undecided."""
    if not can_see_escalations(actor):
        raise EscalationError(_("Only editors send escalated comments back."), field="comment")
    note = _note(note, required=False)
    with transaction.atomic():
        escalation = (
            Escalation.objects.select_for_update()
            .filter(comment=comment, sent_back_at__isnull=True)
            .first()
        )
        if escalation is None:
            raise EscalationError(_("This comment is not escalated."), field="comment")
        escalation.sent_back_at = timezone.now()
        escalation.sent_back_by = actor
        escalation.reply = note
        escalation.save(update_fields=["sent_back_at", "sent_back_by", "reply"])
    return escalation
