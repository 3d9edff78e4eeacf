"""`majlis backup FILE` / `majlis restore FILE`: every row Majlis owns, in a portable file.

The format (docs/deployment.md): JSON Lines, UTF-8, gzip-compressed when the name ends in
`.gz`. The first line is a header, `{"majlis_backup": 1, "majlis_version", "created_at",
"vendor", "migrations": {app: [applied migration names]}, "models": [labels in order]}`.
Then one line per row, in Django's `jsonl` serialisation (`{"model", "pk", "fields"}`),
parents before children. The last line is `{"majlis_backup_end": {"counts": {label: n}}}`,
so a cut-off file is recognised and refused.

Rows refer to each other by id, kept as they were; rows that `majlis migrate` creates in
every database (content types, permissions) are referred to by natural key, since their ids
differ from one database to another. Sessions, caches and the task queue are left out: the
reconciler re-enqueues pending comments that have no assessment.

A restore goes into an empty, migrated database in one transaction: rows are inserted,
never updated (comments and decisions refuse updates), and on PostgreSQL the id sequences
are moved past the restored ids. The same file moves a site from SQLite to PostgreSQL.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import majlis

FORMAT_VERSION = 1
END_KEY = "majlis_backup_end"

# Besides every model of Majlis's own apps: people's groups and the admin's change history.
_ALSO = ("auth.group", "admin.logentry")


class BackupError(Exception):
    """A backup that cannot be written or restored, with a message for the operator."""


def backed_up_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds, each after the models it refers to."""
    chosen = [
        model
        for config in apps.get_app_configs()
        for model in config.get_models()
        if (config.name.startswith("majlis.") or model._meta.label_lower in _ALSO)
        and model._meta.managed
        and not model._meta.proxy
    ]
    return _parents_first(chosen)


def _parents_first(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    inside = set(chosen)
    ordered: list[type[models.Model]] = []

    def visit(model: type[models.Model], path: tuple) -> None:
        if model in ordered or model in path:
            return
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            target = field.related_model
            if target in inside and target is not model:
                visit(target, (*path, model))
        ordered.append(model)

    for model in chosen:
        visit(model, ())
    return ordered


class _ExactEncoder(DjangoJSONEncoder):
    # Django's encoder keeps milliseconds only; a backup keeps every microsecond.
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JsonlSerializer):
    """Django's JSON Lines, with references into the backup by id and to rows that
    `migrate` makes (content types, permissions) by natural key."""

    def __init__(self, inside: set[type[models.Model]]) -> None:
        super().__init__()
        self.inside = inside

    def handle_fk_field(self, obj, field) -> None:
        self.use_natural_foreign_keys = field.related_model not in self.inside
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field) -> None:
        self.use_natural_foreign_keys = field.related_model not in self.inside
        super().handle_m2m_field(obj, field)


def _migrations(chosen: list[type[models.Model]]) -> dict[str, list[str]]:
    applied = MigrationRecorder(connection).applied_migrations()
    labels = sorted({model._meta.app_label for model in chosen})
    return {label: sorted(name for app, name in applied if app == label) for label in labels}


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Read every table as of one moment, without holding up writers (a live site)."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # Django would begin IMMEDIATE, taking the write lock; a deferred read transaction
        # sees one snapshot under WAL while comments keep arriving.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("COMMIT")
        return
    with transaction.atomic():
        yield


def open_for_writing(path: Path) -> tuple[Path, IO[str]]:
    partial = path.with_name(path.name + ".partial")
    # Password hashes, token digests and readers' emails: readable by the owner only.
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    raw = os.fdopen(descriptor, "wb")
    if path.suffix == ".gz":
        raw = gzip.GzipFile(fileobj=raw, mode="wb")  # type: ignore[assignment]
    return partial, io.TextIOWrapper(raw, encoding="utf-8", newline="\n")


def write_backup(path: Path) -> dict[str, int]:
    """Write every row Majlis owns to `path`; returns the rows written per model."""
    chosen = backed_up_models()
    partial, stream = open_for_writing(path)
    counts: dict[str, int] = {}
    try:
        with stream, read_snapshot():
            header = {
                "majlis_backup": FORMAT_VERSION,
                "majlis_version": majlis.__version__,
                "created_at": timezone.now().isoformat(),
                "vendor": connection.vendor,
                "migrations": _migrations(chosen),
                "models": [model._meta.label_lower for model in chosen],
            }
            stream.write(json.dumps(header) + "\n")
            serializer = _Serializer(set(chosen))
            for model in chosen:
                label = model._meta.label_lower
                counts[label] = 0
                rows = model._base_manager.order_by("pk")
                m2m = [field.name for field in model._meta.many_to_many]
                if m2m:
                    rows = rows.prefetch_related(*m2m)

                def counted(rows=rows, label=label) -> Iterator[models.Model]:
                    for row in rows.iterator(chunk_size=2000):
                        counts[label] += 1
                        yield row

                serializer.serialize(counted(), stream=stream, cls=_ExactEncoder)
            stream.write(json.dumps({END_KEY: {"counts": counts}}) + "\n")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return counts


def _open_for_reading(path: Path) -> IO[str]:
    try:
        with path.open("rb") as probe:
            compressed = probe.read(2) == b"\x1f\x8b"
        if compressed:
            return gzip.open(path, "rt", encoding="utf-8")
        return path.open(encoding="utf-8")
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from None


class _Rows:
    """The row lines of a backup, checked against its header and its end line."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.header = self._header()
        self.end: dict | None = None

    def _header(self) -> dict:
        try:
            header = json.loads(self.stream.readline())
        except (ValueError, UnicodeDecodeError, OSError, EOFError):
            header = None
        if not isinstance(header, dict) or "majlis_backup" not in header:
            raise BackupError("this is not a Majlis backup (no header line)")
        if header["majlis_backup"] != FORMAT_VERSION:
            raise BackupError(
                f"backup format {header['majlis_backup']} is not one this version reads "
                f"({FORMAT_VERSION})"
            )
        return header

    def __iter__(self) -> Iterator[dict]:
        for number, line in enumerate(self.stream, start=2):
            if self.end is not None:
                raise BackupError(f"line {number}: rows after the end of the backup")
            try:
                item = json.loads(line)
            except ValueError:
                raise BackupError(f"line {number}: not valid JSON (is the file cut off?)") from None
            if END_KEY in item:
                self.end = item[END_KEY]
                continue
            yield item


def _refuse_unless_empty(chosen: list[type[models.Model]]) -> None:
    filled = [model._meta.label_lower for model in chosen if model._base_manager.exists()]
    if filled:
        raise BackupError(
            "the database is not empty (rows in " + ", ".join(filled) + "): restore goes into "
            "a new database, created and migrated with `majlis migrate`"
        )


def restore_backup(path: Path) -> dict[str, int]:
    """Insert every row of the backup at `path` into this empty, migrated database, in one
    transaction; returns the rows inserted per model. Nothing is kept if anything fails."""
    chosen = backed_up_models()
    by_label = {model._meta.label_lower: model for model in chosen}
    with _open_for_reading(path) as stream:
        rows = _Rows(stream)
        expected = _migrations(chosen)
        if rows.header.get("migrations") != expected:
            raise BackupError(
                "the backup was taken at other migrations than this database's: restore it "
                "with the Majlis version that wrote it "
                f"({rows.header.get('majlis_version')}), then upgrade and migrate"
            )
        counts = dict.fromkeys(by_label, 0)
        with transaction.atomic():
            _refuse_unless_empty(chosen)
            inserter = _Inserter()
            try:
                for item in PythonDeserializer(rows, handle_forward_references=False):
                    label = item.object._meta.label_lower
                    if label not in by_label:
                        raise BackupError(f"the backup holds rows of {label}, not Majlis's")
                    inserter.add(item)
                    counts[label] += 1
                inserter.flush()
            except (BackupError, DatabaseError):
                raise
            except Exception as error:
                # Django's deserialiser raises many kinds (unknown field, bad value, missing
                # natural key): to the operator each is a row that cannot be restored.
                raise BackupError(f"a row cannot be restored: {error!r}") from error
            if rows.end is None:
                raise BackupError("the backup is cut off: its end line is missing")
            if rows.end.get("counts") != counts:
                raise BackupError("the backup's rows do not match the counts at its end")
            _move_sequences(chosen)
    return counts


class _Inserter:
    """Inserts deserialised rows a batch at a time: one round trip per few hundred rows
    instead of one per row (a restore into PostgreSQL over a network is mostly waiting).

    Rows go in raw, as `loaddata` saves them: every value as it was in the backup (`auto_now`
    fields keep their times), no `save()` override and no signal runs, and nothing is ever
    updated. Foreign keys are checked at commit, so the order within a batch does not matter.
    """

    def __init__(self, batch_size: int = 500) -> None:
        self.batch_size = batch_size
        self.model: type[models.Model] | None = None
        self.rows: list[models.Model] = []
        self.links: list[tuple[models.Model, dict[str, list]]] = []

    def add(self, item) -> None:
        if item.object._meta.parents:
            # Multi-table inheritance spreads a row over several tables: save it as loaddata does.
            item.save(force_insert=True)
            return
        if item.object.__class__ is not self.model or len(self.rows) >= self.batch_size:
            self.flush()
            self.model = item.object.__class__
        self.rows.append(item.object)
        if item.m2m_data:
            self.links.append((item.object, item.m2m_data))

    def flush(self) -> None:
        if not self.rows:
            return
        model, fields = self.model, self.model._meta.local_concrete_fields
        size = max(1, min(self.batch_size, connection.ops.bulk_batch_size(fields, self.rows)))
        for start in range(0, len(self.rows), size):
            # The row insert that Model.save_base(raw=True) makes, for many rows at once.
            model._base_manager._insert(self.rows[start : start + size], fields=fields, raw=True)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            through._base_manager.bulk_create(
                through(**{f"{source}_id": row.pk, f"{target}_id": linked})
                for row, data in self.links
                for linked in data.get(field.name, ())
            )
        self.rows, self.links = [], []


def _move_sequences(chosen: list[type[models.Model]]) -> None:
    # Restored rows keep their ids; the next new row must get one past them (PostgreSQL's
    # sequences do not follow explicit ids; SQLite's AUTOINCREMENT does by itself).
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
