"""Searching the queue and the log: by text, name, email and article, case-insensitively,
with the usual Arabic-script variants folded (ي ى ی, ك ک, ة ە ه, the alefs, harakat and
tatweel), on SQLite and PostgreSQL alike.

Both sides are folded the same way: the term here in Python, the columns in the database by
`Folded`, which is `translate(lower(x), …)` on PostgreSQL and the same Python function
registered on each SQLite connection (SQLite's own lower() knows ASCII only).
"""

from __future__ import annotations

from django.db.models import Func, Q, QuerySet, TextField

# One letter for each family of look-alikes, as majlis.moderation.normalize folds them.
_VARIANTS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ي": "ی", "ى": "ی", "ئ": "ی",
    "ك": "ک",
    "ة": "ه", "ە": "ه", "ھ": "ه", "ۀ": "ه",
    "ؤ": "و",
}  # fmt: skip
# Dropped: tatweel, the harakat and the superscript alef.
_DROPPED = "\u0640" + "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
_FROM = "".join(_VARIANTS)
_TO = "".join(_VARIANTS.values())
_TABLE = str.maketrans(_FROM, _TO, _DROPPED)
SQLITE_FUNCTION = "majlis_fold"
QUERY_MAX_LENGTH = 200


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    return text.lower().translate(_TABLE)


class Folded(Func):
    """A text column folded for search, as `fold` folds the term."""

    output_field = TextField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # The letter tables are constants of this module, passed as parameters all the same.
        return f"translate(lower({sql}), %s, %s)", [*params, _FROM + _DROPPED, _TO]


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """On `connection_created`: teach each SQLite connection the folding."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def search(queryset: QuerySet, query: str, *, prefix: str = "") -> QuerySet:
    """Rows of `queryset` (comments, or through `prefix` e.g. "comment__") whose text,
    author's name or email, or article's title or key holds every word of `query`."""
    words = [fold(w) for w in query.split()][:10]
    if not words:
        return queryset
    fields = ("body", "author_name", "author_email", "article__title", "article__key")
    folded = {f"_search_{i}": Folded(f"{prefix}{field}") for i, field in enumerate(fields)}
    queryset = queryset.annotate(**folded)
    for word in words:
        queryset = queryset.filter(
            Q.create([(f"{name}__contains", word) for name in folded], connector=Q.OR)
        )
    return queryset
