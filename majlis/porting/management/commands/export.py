"""`majlis export --out FILE`: everything the newsroom would take to another install."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from majlis.porting.export import write_export


class Command(BaseCommand):
    help = (
        "Export articles, tags, comments (with their authors' emails), decisions and "
        "assessments in Majlis's portable format, for `majlis import majlis` on another "
        "install. No passwords, tokens or keys. A name ending in .gz is compressed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="the file to write")

    def handle(self, *args, out: Path, **options) -> None:
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: no such directory")
        try:
            counts = write_export(out)
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror or error}") from error
        listed = ", ".join(f"{n} {kind}s" for kind, n in counts.items())
        self.stdout.write(f"exported {listed} to {out}")
