"""Sending the mail outbox: the worker claims due messages, sends each, records how it went.

`majlis worker` calls `send_due` after each assessment batch, as it sends webhook deliveries.
A message the mail server refuses or never answers (`EMAIL_TIMEOUT`) is retried after a
growing delay, up to `OUTBOX.max_attempts` tries, then failed with its last error kept for
the admin (Admin > Mail). Claims, retries and purging are the outbox's (`majlis.lib.outbox`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import EmailMultiAlternatives, get_connection

from majlis.lib.outbox import Outbox
from majlis.notices.models import Mail

BATCH_SIZE = 20
BUDGET_SECONDS = 5.0

OUTBOX: Outbox[Mail] = Outbox(Mail, label="mail", max_attempts=8)
release = OUTBOX.release
retry_now = OUTBOX.retry_now


def queue(messages: Iterable[tuple[str, EmailMultiAlternatives]]) -> int:
    """Store composed messages, each with its kind, for the worker to send (in the caller's
    transaction, in one insert); returns how many."""
    rows = [_row(kind, message) for kind, message in messages]
    Mail.objects.bulk_create(rows)
    return len(rows)


def _row(kind: str, message: EmailMultiAlternatives) -> Mail:
    (to,) = message.to
    html = next((body for body, type_ in message.alternatives if type_ == "text/html"), "")
    return Mail(
        to=to,
        kind=kind,
        subject=message.subject[:300],
        text=message.body,
        html=html,
        headers=message.extra_headers,
    )


def send_due(
    worker_id: str | None = None, *, size: int = BATCH_SIZE, budget: float = BUDGET_SECONDS
) -> int:
    """Send due mail for `budget` seconds at most; returns how many were attempted."""
    connection = get_connection()
    try:
        return OUTBOX.drain(
            lambda worker, row: attempt(worker, row, connection),
            worker_id,
            size=size,
            budget=budget,
        )
    finally:
        connection.close()


def attempt(worker_id: str, row: Mail, connection=None) -> None:
    """Send one claimed message and record the outcome (if this worker still holds it)."""
    message = EmailMultiAlternatives(
        row.subject, row.text, to=[row.to], headers=row.headers, connection=connection
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    try:
        message.send()
        error = ""
    except Exception as failure:  # whatever the mail server or the network did
        # The address stays out of the log and the admin's error column alike.
        error = f"{type(failure).__name__}: {failure}".replace(row.to, "<recipient>")
        _reset(connection)
    OUTBOX.finish(worker_id, row, error)


def _reset(connection) -> None:
    """After a failure the server's session may be broken: the next message opens a new one."""
    if connection is None:
        return
    try:
        connection.close()
    except Exception:  # closing a broken session may fail; it is gone either way
        connection.connection = None
