"""`majlis create-api-key NAME [--qps N]`: a key for the Perspective-compatible endpoint."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from majlis.perspective.models import ApiKey


class Command(BaseCommand):
    help = "Issue a key for /v1alpha1/comments:analyze; the key is the last line printed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument("--qps", type=int, default=1, help="requests a second (default 1)")

    def handle(self, *args, name: str, qps: int, **options) -> None:
        if not name.strip():
            raise CommandError("NAME must not be empty")
        if qps < 1:
            raise CommandError("--qps must be at least 1")
        key, plain = ApiKey.objects.issue(name.strip(), qps)
        self.stdout.write(f"Created key {key.name!r} ({qps} requests a second). Keep it safe:")
        self.stdout.write(plain)
