"""`majlis create-site NAME --origin URL ... [--auto-register] [--language L] [--key K]`."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from majlis.sites.models import Site


class Command(BaseCommand):
    help = (
        "Create a site whose pages may embed Majlis; its key is the last line printed "
        "(its sign-in secret the line before)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument(
            "--origin",
            action="append",
            default=[],
            metavar="URL",
            help="an origin allowed to embed and post, scheme://host[:port] (repeatable)",
        )
        parser.add_argument(
            "--auto-register",
            action="store_true",
            help="an embed naming an unknown article creates it",
        )
        codes = [code for code, _ in settings.LANGUAGES]
        parser.add_argument(
            "--language",
            choices=codes,
            default=settings.LANGUAGE_CODE,
            help="the language of articles registered without one (default %(default)s)",
        )
        parser.add_argument("--key", help="the site's key (default: from the name)")

    def handle(self, *args, name: str, origin: list[str], **options) -> None:
        name = name.strip()
        if not name:
            raise CommandError("NAME must not be empty")
        key = options["key"] or slugify(name)
        if not key or slugify(key) != key:
            raise CommandError("--key: give a key of letters, digits, - and _ (a-z)")
        if Site.objects.filter(key=key).exists():
            raise CommandError(f"--key: a site with the key {key!r} exists already")
        site = Site(
            key=key,
            name=name,
            language=options["language"],
            auto_register=options["auto_register"],
        )
        try:
            with transaction.atomic():
                site.full_clean()
                site.save()
                site.set_origins(origin)
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise CommandError(f"--{field.rstrip('s')}: {' '.join(messages)}") from None
        origins = ", ".join(site.origin_list()) or "none yet (add them in the admin)"
        self.stdout.write(f"Created site {name!r}. Allowed origins: {origins}.")
        if site.auto_register:
            self.stdout.write("Articles register themselves from the embed.")
        secret = site.sso_secret
        self.stdout.write(f"Sign-in (SSO) secret, for the newsroom's server only: {secret}")
        self.stdout.write(site.key)
