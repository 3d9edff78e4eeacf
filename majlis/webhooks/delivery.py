"""Sending queued deliveries: claim a few due rows under a lease, POST each, record how it went.

`majlis worker` calls `deliver_due` after each assessment batch (and the suite calls it
directly). A POST waits at most `TIMEOUT_SECONDS` on any one socket operation and a pass stops
claiming after `BUDGET_SECONDS`, so a slow receiver holds up assessments by seconds, not
minutes. A 2xx answer is delivered; anything else (another status, a refused connection, a
timeout, a TLS error) is retried after `retry_delay`, up to `MAX_ATTEMPTS`, then failed. No
redirect is followed: a receiver that moved is told to the admin as a 3xx status.

Claims are conditional updates, as in `majlis.moderation.tasks`: several workers never send
one row at once, and a result is recorded only by the worker still holding the row.
"""

from __future__ import annotations

import http.client
import logging
import random
import ssl
import time
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string

import majlis
from majlis.webhooks import signature
from majlis.webhooks.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0
BATCH_SIZE = 10
BUDGET_SECONDS = 5.0
MAX_ATTEMPTS = 8
# Longer than a pass can take (the budget plus one timeout): a claim never runs out mid-send.
LEASE = timedelta(minutes=2)
LONGEST_DELAY = timedelta(hours=6)
USER_AGENT = f"Majlis/{majlis.__version__}"


def retry_delay(attempt: int, *, jitter: Callable[[], float] = random.random) -> timedelta:
    """After attempt n: 30 s * 4^(n-1) (30 s, 2 min, 8 min, 32 min, 2 h 8 min, then 6 h),
    plus up to a fifth more at random, so that deliveries failed together spread out."""
    base = min(timedelta(seconds=30 * 4 ** (attempt - 1)), LONGEST_DELAY)
    return base * (1 + 0.2 * jitter())


def claim(worker_id: str, size: int = BATCH_SIZE) -> list[int]:
    """Claim up to `size` due deliveries of active webhooks; returns their ids."""
    now = timezone.now()
    with transaction.atomic():
        due = Delivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now, webhook__active=True
        ).select_for_update(skip_locked=True, of=("self",))
        rows = list(due.order_by("next_attempt_at", "pk").values_list("pk", "attempts")[:size])
        # A delivery whose every attempt was cut short (its worker died) is given up.
        spent = [pk for pk, attempts in rows if attempts >= MAX_ATTEMPTS]
        if spent:
            Delivery.objects.filter(pk__in=spent).update(
                status=DeliveryStatus.FAILED,
                claimed_by="",
                last_error="the worker stopped during every attempt",
            )
        ids = [pk for pk, attempts in rows if attempts < MAX_ATTEMPTS]
        Delivery.objects.filter(pk__in=ids).update(
            claimed_by=worker_id, next_attempt_at=now + LEASE, attempts=F("attempts") + 1
        )
    return ids


def release(worker_id: str, ids: list[int] | None = None, *, unattempted: bool = False) -> int:
    """Give back deliveries this worker holds (all, or `ids`), due now; `unattempted`: they
    were never sent, so their claim does not count as an attempt."""
    held = Delivery.objects.filter(claimed_by=worker_id, status=DeliveryStatus.PENDING)
    if ids is not None:
        held = held.filter(pk__in=ids)
    changes = {"claimed_by": "", "next_attempt_at": timezone.now()}
    if unattempted:
        changes["attempts"] = F("attempts") - 1
    return held.update(**changes)


def deliver_due(
    worker_id: str | None = None,
    *,
    size: int = BATCH_SIZE,
    budget: float = BUDGET_SECONDS,
) -> int:
    """Send due deliveries for `budget` seconds at most; returns how many were attempted."""
    worker_id = worker_id or f"direct-{get_random_string(12)}"
    started = time.monotonic()
    attempted = 0
    while time.monotonic() - started < budget:
        ids = claim(worker_id, size)
        if not ids:
            break
        claimed = Delivery.objects.select_related("webhook").filter(pk__in=ids).order_by("pk")
        for position, item in enumerate(claimed):
            if time.monotonic() - started >= budget:
                left = [d.pk for d in list(claimed)[position:]]
                release(worker_id, left, unattempted=True)
                return attempted
            attempt(worker_id, item)
            attempted += 1
    return attempted


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
    now = timezone.now()
    outcome: dict = {"claimed_by": "", "last_status_code": code, "last_error": error[:300]}
    if not error:
        outcome.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
    elif item.attempts >= MAX_ATTEMPTS:
        outcome.update(status=DeliveryStatus.FAILED)
        log.error("webhook delivery %s failed %s times: %s", item.pk, item.attempts, error)
    else:
        outcome.update(next_attempt_at=now + retry_delay(item.attempts))
        log.warning("webhook delivery %s (attempt %s): %s", item.pk, item.attempts, error)
    Delivery.objects.filter(pk=item.pk, claimed_by=worker_id).update(**outcome)


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


def retry_now(deliveries: QuerySet[Delivery]) -> int:
    """Make these deliveries due now (the admin's action): pending ones keep their count,
    failed ones get a fresh set of attempts; delivered and claimed ones are left alone."""
    waiting = deliveries.exclude(status=DeliveryStatus.DELIVERED).filter(claimed_by="")
    now = timezone.now()
    pending = waiting.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=now)
    return pending + waiting.filter(status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now
    )
