"""Sending queued deliveries: claim a few due rows under a lease, POST each, record how it went.

`majlis worker` calls `deliver_due` after each assessment batch (and the suite calls it
directly). A POST waits at most `TIMEOUT_SECONDS` on any one socket operation and a pass stops
claiming after `BUDGET_SECONDS`, so a slow receiver holds up assessments by seconds, not
minutes. A 2xx answer is delivered; anything else (another status, a refused connection, a
timeout, a TLS error) is retried after a growing delay, up to `OUTBOX.max_attempts`, then
failed. No redirect is followed: a receiver that moved is told to the admin as a 3xx status.
Claiming, retrying and giving up are the outbox's (`majlis.lib.outbox`), shared with mail.
"""

from __future__ import annotations

import http.client
import ssl
from datetime import timedelta
from urllib.parse import urlsplit

from django.db.models import Q

import majlis
from majlis.lib.outbox import Outbox
from majlis.webhooks import signature
from majlis.webhooks.models import Delivery

TIMEOUT_SECONDS = 10.0
BATCH_SIZE = 10
BUDGET_SECONDS = 5.0
USER_AGENT = f"Majlis/{majlis.__version__}"

# The lease is longer than a pass can take (the budget plus one timeout): a claim never runs
# out mid-send.
OUTBOX: Outbox[Delivery] = Outbox(
    Delivery,
    label="webhook delivery",
    max_attempts=8,
    lease=timedelta(minutes=2),
    ready=Q(webhook__active=True),
    related=("webhook",),
)
claim = OUTBOX.claim
release = OUTBOX.release
retry_now = OUTBOX.retry_now


def deliver_due(
    worker_id: str | None = None,
    *,
    size: int = BATCH_SIZE,
    budget: float = BUDGET_SECONDS,
) -> int:
    """Send due deliveries for `budget` seconds at most; returns how many were attempted."""
    return OUTBOX.drain(attempt, worker_id, size=size, budget=budget)


def attempt(worker_id: str, item: Delivery) -> None:
    """POST one claimed delivery and record the outcome (if this worker still holds it)."""
    body = item.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Majlis-Event": item.event,
        "X-Majlis-Delivery": str(item.pk),
        signature.HEADER: signature.sign(item.webhook.secret, body),
    }
    code: int | None = None
    try:
        code = post(item.webhook.url, body, headers)
        error = "" if 200 <= code < 300 else f"answered HTTP {code}"
    except Exception as failure:  # any failure to send is the receiver's or the network's
        error = f"{type(failure).__name__}: {failure}"
    OUTBOX.finish(worker_id, item, error, last_status_code=code)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to `url` (http or https, certificates verified); returns the status."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    # The port always given: http.client would read the last part of an IPv6 host as one.
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            host,
            parts.port or 443,
            timeout=TIMEOUT_SECONDS,
            context=ssl.create_default_context(),
        )
    elif parts.scheme == "http":
        connection = http.client.HTTPConnection(host, parts.port or 80, timeout=TIMEOUT_SECONDS)
    else:
        raise ValueError(f"not an http or https address: {url}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()
