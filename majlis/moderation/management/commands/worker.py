"""`majlis worker`: assess new comments and send webhook deliveries in the background until
stopped (SIGTERM-safe)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from majlis.moderation.engine import load_models
from majlis.moderation.tasks import reconcile
from majlis.moderation.worker import Worker, run_forever


class Command(BaseCommand):
    help = (
        "Assess new comments and apply the moderation policy, and send webhook deliveries, "
        "until stopped."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to wait when there is nothing to do",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="re-enqueue overdue comments, work through the queues, then exit",
        )

    def handle(self, *args, interval: float, batch: bool, **options) -> None:
        if batch:
            found = reconcile()
            if found:
                self.stderr.write(f"re-enqueued {found} overdue comment(s)")
            load_models()
            Worker(interval=interval).run(drain=True)
            return
        run_forever(interval=interval)
