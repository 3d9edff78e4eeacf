"""Setting and clearing a commenter's standing: what the desk and the admin call."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from majlis.accounts.models import User
from majlis.commenters.models import (
    CommenterStanding,
    Scope,
    Standing,
    email_domain,
)
from majlis.comments.models import Category, Comment
from majlis.lib.text import unstorable_reason

NOTE_MAX_LENGTH = 2000


class StandingError(ValueError):
    """Input a standing cannot be set from, with the field it is about."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def subject_of(comment: Comment, scope: str) -> dict:
    """The standing's key for `comment`'s commenter in `scope`."""
    if scope == Scope.READER:
        if comment.reader_id is None:
            raise StandingError(_("This comment was not posted signed in."), field="scope")
        return {"scope": scope, "reader_id": comment.reader_id, "value": ""}
    if scope == Scope.EMAIL:
        return {"scope": scope, "reader_id": None, "value": comment.author_email.lower()}
    if scope == Scope.DOMAIN:
        return {"scope": scope, "reader_id": None, "value": email_domain(comment.author_email)}
    raise StandingError(_("Choose an address, a domain or an account."), field="scope")


@transaction.atomic
def set_standing(
    comment: Comment,
    *,
    scope: str,
    standing: str,
    actor: User,
    note: str = "",
    category: str = "",
) -> CommenterStanding | None:
    """Give `comment`'s commenter (by `scope`) a standing; an empty `standing` clears it.
    Returns the standing, or None once cleared."""
    if not actor.can_moderate:
        raise StandingError(_("Only moderators set a commenter's standing."), field="standing")
    key = subject_of(comment, scope)
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise StandingError(
            _("A note has at most %(n)s characters.") % {"n": NOTE_MAX_LENGTH}, field="note"
        )
    if unstorable_reason(note):
        raise StandingError(unstorable_reason(note), field="note")
    lookup = {"scope": key["scope"], "reader_id": key["reader_id"], "value": key["value"]}
    if not standing:
        CommenterStanding.objects.filter(**lookup).delete()
        return None
    if standing not in Standing.values:
        raise StandingError(_("Choose trusted, pre-moderate or banned."), field="standing")
    if standing == Standing.BANNED:
        if category not in Category.values:
            raise StandingError(_("A ban names the guideline it rejects for."), field="category")
        if not note:
            raise StandingError(_("A ban gives its reason in the note."), field="note")
    else:
        category = ""
    row, _created = CommenterStanding.objects.update_or_create(
        **lookup,
        defaults={
            "standing": standing,
            "category": category,
            "note": note,
            "set_by": actor,
            "updated_at": timezone.now(),
        },
    )
    return row
