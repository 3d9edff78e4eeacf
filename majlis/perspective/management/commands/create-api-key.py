"""`majlis create-api-key NAME [--qps N] [--coral-secret SECRET]`: a key for the
Perspective-compatible endpoint and Coral's external moderation phase."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from majlis.perspective.models import ApiKey


class Command(BaseCommand):
    help = (
        "Issue a key for /v1alpha1/comments:analyze and /coral/moderation; "
        "the key is the last line printed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument("--qps", type=int, default=1, help="requests a second (default 1)")
        parser.add_argument(
            "--coral-secret",
            default="",
            help="the signing secret of Coral's external moderation phase; requests to "
            "/coral/moderation must then carry its signature (also settable in the admin)",
        )

    def handle(self, *args, name: str, qps: int, coral_secret: str, **options) -> None:
        if not name.strip():
            raise CommandError("NAME must not be empty")
        if qps < 1:
            raise CommandError("--qps must be at least 1")
        coral_secret = coral_secret.strip()
        if len(coral_secret) > ApiKey._meta.get_field("coral_secret").max_length:
            raise CommandError("--coral-secret is longer than any secret Coral issues")
        key, plain = ApiKey.objects.issue(name.strip(), qps, coral_secret)
        signed = ", Coral's signature required" if coral_secret else ""
        self.stdout.write(
            f"Created key {key.name!r} ({qps} requests a second{signed}). Keep it safe:"
        )
        self.stdout.write(plain)
