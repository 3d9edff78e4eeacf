"""Isso's own SQLite database: `threads` (id, uri, title) and `comments` (tid, id, parent,
created as a Unix time, mode, text in Markdown, author, email)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from majlis.porting.records import Comment, Export, ImportFormatError, State, Thread

# Isso's comment modes: 1 published, 2 waiting in its queue, 4 deleted (kept, emptied,
# because it has replies).
MODES = {1: State.APPROVED, 2: State.PENDING, 4: State.DELETED}


def parse(path: Path) -> Export:
    try:
        # Read-only: the old system's database is never changed by importing it.
        with sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True) as db:
            threads = db.execute("SELECT id, uri, title FROM threads ORDER BY id").fetchall()
            rows = db.execute(
                "SELECT id, tid, parent, created, mode, text, author, email"
                " FROM comments ORDER BY created, id"
            ).fetchall()
    except sqlite3.DatabaseError as error:
        raise ImportFormatError(f"not an Isso database: {error}") from None
    comments = []
    for id_, tid, parent, created, mode, text, author, email in rows:
        where = f"comment {id_}"
        if mode not in MODES:
            raise ImportFormatError(f"{where}: unknown mode {mode!r}")
        try:
            created_at = datetime.fromtimestamp(float(created), tz=UTC)
        except (TypeError, ValueError, OverflowError, OSError):
            raise ImportFormatError(f"{where}: not a date: {created!r}") from None
        comments.append(
            Comment(
                source_id=str(id_),
                thread_key=str(tid),
                parent_id=str(parent) if parent is not None else None,
                author_name=author or "",
                author_email=email or "",
                # Markdown reads well enough as it is: Majlis shows it as plain text.
                body=(text or "").strip(),
                created_at=created_at,
                state=MODES[mode],
            )
        )
    return Export(
        threads=[
            Thread(key=str(id_), title=title or uri or "", url=uri or "", created_at=None)
            for id_, uri, title in threads
        ],
        comments=comments,
    )
