"""Django's database cache, with an `incr` that processes counting at once cannot undo."""

from __future__ import annotations

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


class DatabaseCache(DjangoDatabaseCache):
    """Django's `incr` reads the value, then writes value + delta: two processes counting the
    same rate limit at once could both write the same number and lose an attempt. Here the
    read and the write share one transaction holding the row (SQLite's IMMEDIATE transactions
    take the write lock at their start; PostgreSQL locks the row with FOR UPDATE)."""

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        with transaction.atomic(using=alias):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",  # noqa: S608 - the table name is ours, quoted
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)
