"""`majlis backup FILE`: every row Majlis owns, to a portable JSON Lines file (.gz compresses)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from majlis.ops.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Back up articles, comments, decisions, assessments, people, tokens and policy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="where to write it; FILE.gz compresses")

    def handle(self, *args, file: Path, **options) -> None:
        try:
            counts = write_backup(file)
        except (BackupError, DatabaseError, OSError) as error:
            raise CommandError(f"backup failed, {file} not written: {error}") from error
        self.stdout.write(f"Backed up {sum(counts.values())} rows to {file}:")
        for label, count in counts.items():
            self.stdout.write(f"  {label:<32} {count}")
