"""`majlis import FORMAT FILE`: comments from another system, in one transaction."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from majlis.porting import commento, disqus, isso, native, remark42, wordpress
from majlis.porting.load import load
from majlis.porting.records import ImportFormatError
from majlis.sites.models import Site

PARSERS = {
    "commento": commento.parse,
    "disqus": disqus.parse,
    "isso": isso.parse,
    "majlis": native.parse,
    "remark42": remark42.parse,
    "wordpress": wordpress.parse,
}


class Command(BaseCommand):
    help = (
        "Import comments exported from another system: articles from its threads, published "
        "comments approved, spam rejected, deleted ones skipped; or another Majlis install's "
        "`majlis export`, decisions and all. Importing again adds nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("format", choices=sorted(PARSERS), help="the file's format")
        parser.add_argument(
            "file",
            type=Path,
            help="the exported file (for isso, its SQLite database; commento, remark42 and "
            "majlis files may be gzipped)",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            help="the language of the articles created (default: their site's)",
        )
        parser.add_argument(
            "--site",
            metavar="KEY",
            help="the site the articles created belong to (default: the default site; for "
            "majlis, the sites the file names)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="read and count everything, store nothing"
        )

    def handle(
        self,
        *args,
        format: str,
        file: Path,
        language: str | None,
        site: str | None,
        dry_run: bool,
        **options,
    ):
        chosen = None
        if site is not None:
            chosen = Site.objects.filter(key=site).first()
            if chosen is None:
                raise CommandError(f"--site: no site has the key {site!r}")
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            export = PARSERS[format](file)
            summary = load(export, source=format, language=language, site=chosen, dry_run=dry_run)
        except ImportFormatError as error:
            raise CommandError(f"{file}: {error}; nothing was imported") from error
        if dry_run:
            self.stdout.write("dry run: nothing was stored")
        if summary.new_articles:
            self.stdout.write(f"created {summary.new_articles} articles, with comments or not")
        self.stdout.write(str(summary))
