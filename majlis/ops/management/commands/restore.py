"""`majlis restore FILE`: a `majlis backup` file into an empty, migrated database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from majlis.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database (after `majlis migrate`), in one transaction."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="a file written by `majlis backup`")

    def handle(self, *args, file: Path, **options) -> None:
        try:
            counts = restore_backup(file)
        except (BackupError, DatabaseError) as error:
            raise CommandError(f"restore failed, nothing was kept: {error}") from error
        self.stdout.write(f"Restored {sum(counts.values())} rows from {file}:")
        for label, count in counts.items():
            self.stdout.write(f"  {label:<32} {count}")
