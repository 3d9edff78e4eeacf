"""`majlis add-webhook URL --secret S [--event E ...] [--site KEY]`: tell another system of
comment events."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from majlis.sites.models import Site
from majlis.webhooks.models import Event, Webhook


class Command(BaseCommand):
    help = (
        "Register a webhook: every event it takes is POSTed to URL as JSON, signed with "
        "the secret (X-Majlis-Signature)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("url", help="an http:// or https:// address")
        parser.add_argument("--secret", required=True, help="signs each delivery (16+ chars)")
        parser.add_argument(
            "--event",
            action="append",
            default=[],
            dest="events",
            metavar="EVENT",
            help=f"one of {', '.join(Event.values)}; repeat for several (default: all)",
        )
        parser.add_argument(
            "--site", metavar="KEY", help="only comments on this site's articles (default: all)"
        )

    def handle(
        self, *args, url: str, secret: str, events: list[str], site: str | None, **options
    ) -> None:
        chosen = None
        if site is not None:
            chosen = Site.objects.filter(key=site).first()
            if chosen is None:
                known = ", ".join(Site.objects.values_list("key", flat=True))
                raise CommandError(f"site: no site has the key {site!r} (known: {known})")
        webhook = Webhook(url=url.strip(), secret=secret, events=events, site=chosen)
        try:
            webhook.full_clean()
        except ValidationError as error:
            raise CommandError(
                "; ".join(
                    f"{field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
            ) from None
        webhook.save()
        where = f"site {chosen.key}" if chosen else "every site"
        self.stdout.write(
            f"Created webhook #{webhook.pk} for {webhook.url} "
            f"({', '.join(webhook.events)}; {where})."
        )
