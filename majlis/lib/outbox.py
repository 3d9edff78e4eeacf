"""Outboxes: rows written in the transaction of the event they tell of, sent later by the worker.

Webhook deliveries (`majlis.webhooks`) and commenters' mail (`majlis.notices`) are both
outboxes: an event that was rolled back sends nothing, one that committed is sent even if the
receiver (an HTTP endpoint, a mail server) is away when it happens. `Outbox` is the worker's
side, the same for both: claim a few due rows under a lease, send each, record how it went,
retry a failure after a growing delay, give up after `max_attempts` with the error kept,
and purge what was sent once it is older than the retention period.

Claims are conditional updates, as in `majlis.moderation.tasks`: several workers never send
one row at once, and a result is recorded only by the worker still holding the row.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Generic, TypeVar

from django.contrib import messages
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class OutboxItem(models.Model):
    """What every outbox row has: where it stands, how often it was tried, and why it failed.

    A worker claims a row by setting `claimed_by` and pushing `next_attempt_at` to the end of
    its lease; a row whose worker died is due again when the lease runs out.
    """

    status = models.CharField(
        _("status"), max_length=12, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Not sent before this: a retry's delay, or the end of the current claim's lease.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_by = models.CharField(max_length=64, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True


Row = TypeVar("Row", bound=OutboxItem)


def retry_delay(attempt: int, *, jitter: Callable[[], float] = random.random) -> timedelta:
    """After attempt n: 30 s * 4^(n-1) (30 s, 2 min, 8 min, 32 min, 2 h 8 min, then 6 h),
    plus up to a fifth more at random, so that rows failed together spread out."""
    base = min(timedelta(seconds=30 * 4 ** (attempt - 1)), LONGEST_DELAY)
    return base * (1 + 0.2 * jitter())


LONGEST_DELAY = timedelta(hours=6)


class Outbox(Generic[Row]):
    """The worker's side of one outbox table.

    `ready` narrows what may be sent now (a webhook switched off keeps its rows waiting);
    `related` is what `select_related` fetches with the claimed rows for `send`.
    """

    def __init__(
        self,
        model: type[Row],
        *,
        label: str,
        max_attempts: int = 8,
        lease: timedelta = timedelta(minutes=2),
        ready: Q | None = None,
        related: Sequence[str] = (),
    ) -> None:
        self.model = model
        self.label = label
        self.max_attempts = max_attempts
        self.lease = lease
        self.ready = ready or Q()
        self.related = tuple(related)

    def claim(self, worker_id: str, size: int = 10) -> list[int]:
        """Claim up to `size` due rows; returns their ids."""
        now = timezone.now()
        with transaction.atomic():
            due = (
                self.model.objects.filter(
                    self.ready, status=OutboxStatus.PENDING, next_attempt_at__lte=now
                )
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("next_attempt_at", "pk")
            )
            rows = list(due.values_list("pk", "attempts")[:size])
            # A row whose every attempt was cut short (its worker died) is given up.
            spent = [pk for pk, attempts in rows if attempts >= self.max_attempts]
            if spent:
                self.model.objects.filter(pk__in=spent).update(
                    status=OutboxStatus.FAILED,
                    claimed_by="",
                    last_error="the worker stopped during every attempt",
                )
            ids = [pk for pk, attempts in rows if attempts < self.max_attempts]
            self.model.objects.filter(pk__in=ids).update(
                claimed_by=worker_id, next_attempt_at=now + self.lease, attempts=F("attempts") + 1
            )
        return ids

    def release(
        self, worker_id: str, ids: list[int] | None = None, *, unattempted: bool = False
    ) -> int:
        """Give back rows this worker holds (all, or `ids`), due now; `unattempted`: they
        were never sent, so their claim does not count as an attempt."""
        held = self.model.objects.filter(claimed_by=worker_id, status=OutboxStatus.PENDING)
        if ids is not None:
            held = held.filter(pk__in=ids)
        changes: dict = {"claimed_by": "", "next_attempt_at": timezone.now()}
        if unattempted:
            changes["attempts"] = F("attempts") - 1
        return held.update(**changes)

    def drain(
        self,
        send: Callable[[str, Row], None],
        worker_id: str | None = None,
        *,
        size: int,
        budget: float,
    ) -> int:
        """Claim and `send(worker_id, row)` due rows for `budget` seconds at most; returns
        how many were attempted. `send` records its outcome with `finish`."""
        worker_id = worker_id or f"direct-{get_random_string(12)}"
        started = time.monotonic()
        attempted = 0
        while time.monotonic() - started < budget:
            ids = self.claim(worker_id, size)
            if not ids:
                break
            claimed = list(
                self.model.objects.select_related(*self.related).filter(pk__in=ids).order_by("pk")
            )
            for position, item in enumerate(claimed):
                if time.monotonic() - started >= budget:
                    left = [row.pk for row in claimed[position:]]
                    self.release(worker_id, left, unattempted=True)
                    return attempted
                send(worker_id, item)
                attempted += 1
        return attempted

    def finish(self, worker_id: str, item: Row, error: str, **fields) -> bool:
        """Record one attempt at `item`: sent (no `error`), to retry, or failed for good once
        its attempts are spent; `fields` are the outbox's own (an HTTP status). Returns
        whether this worker still held the row (a claim that ran out records nothing)."""
        now = timezone.now()
        outcome: dict = {"claimed_by": "", "last_error": error[:300], **fields}
        if not error:
            outcome.update(status=OutboxStatus.DELIVERED, delivered_at=now)
        elif item.attempts >= self.max_attempts:
            outcome.update(status=OutboxStatus.FAILED)
            log.error("%s %s failed %s times: %s", self.label, item.pk, item.attempts, error)
        else:
            outcome.update(next_attempt_at=now + retry_delay(item.attempts))
            log.warning("%s %s (attempt %s): %s", self.label, item.pk, item.attempts, error)
        return bool(self.model.objects.filter(pk=item.pk, claimed_by=worker_id).update(**outcome))

    def retry_now(self, rows: QuerySet[Row]) -> int:
        """Make these rows due now (the admin's action): pending ones keep their count,
        failed ones get a fresh set of attempts; delivered and claimed ones are left alone."""
        waiting = rows.exclude(status=OutboxStatus.DELIVERED).filter(claimed_by="")
        now = timezone.now()
        pending = waiting.filter(status=OutboxStatus.PENDING).update(next_attempt_at=now)
        return pending + waiting.filter(status=OutboxStatus.FAILED).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now
        )

    def purge(self, days: int) -> int:
        """Delete delivered rows queued more than `days` days ago (0: keep them all); failed
        and pending rows stay, for a person to see. Returns how many were deleted."""
        if days <= 0:
            return 0
        cutoff = timezone.now() - timedelta(days=days)
        # By `created_at`, which is indexed: the worker runs this every few minutes.
        sent = self.model.objects.filter(status=OutboxStatus.DELIVERED, created_at__lt=cutoff)
        deleted, _by_model = sent.delete()
        return deleted


def admin_retry(model_admin, request, rows: QuerySet, outbox: Outbox) -> None:
    """The admin's "retry now" action on an outbox's rows, with what it did and left alone."""
    count = outbox.retry_now(rows)
    skipped = rows.count() - count
    note = f" ({skipped} delivered or being sent, left alone)" if skipped else ""
    name = outbox.model._meta.verbose_name_plural
    model_admin.message_user(request, f"{count} {name} are due now{note}.", messages.INFO)
