"""Signals the comments app sends; the automatic moderator listens here."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent inside the transaction that stores a new comment, so that whatever a receiver
#: writes (the assessment task) commits with the comment or not at all. `comment` is it.
comment_stored = Signal()
