"""Isso's own SQLite database: `threads` (id, uri, title) and `comments` (tid, id, parent,
created as a Unix time, mode, text in Markdown, author, email); or the JSON its `import -t
generic` reads: a list of threads (id, title, comments: id, author, email, created, text),
without replies or moderation states."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from majlis.porting.records import (
    Comment,
    Export,
    ImportFormatError,
    State,
    Thread,
    parse_datetime,
)

SQLITE_MAGIC = b"SQLite format 3\x00"

# Isso's comment modes: 1 published, 2 waiting in its queue, 4 deleted (kept, emptied,
# because it has replies).
MODES = {1: State.APPROVED, 2: State.PENDING, 4: State.DELETED}


def parse(path: Path) -> Export:
    with open(path, "rb") as file:
        is_database = file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    return _parse_database(path) if is_database else _parse_json(path)


def _parse_database(path: Path) -> Export:
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


def _parse_json(path: Path) -> Export:
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except UnicodeDecodeError as error:
        raise ImportFormatError(f"neither an Isso database nor JSON: {error}") from None
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(data, list):
        raise ImportFormatError("Isso's JSON is a list of threads")
    export = Export(threads=[], comments=[])
    for number, thread in enumerate(data, start=1):
        where = f"thread #{number}"
        if not isinstance(thread, dict) or not _is_text(thread.get("id")):
            raise ImportFormatError(f"{where}: needs an id")
        comments = thread.get("comments", [])
        if not isinstance(comments, list):
            raise ImportFormatError(f"{where}: comments must be a list")
        key = thread["id"]
        title = thread.get("title")
        export.threads.append(
            Thread(key=key, title=title if _is_text(title) else key, url=key, created_at=None)
        )
        for index, comment in enumerate(comments, start=1):
            export.comments.append(_json_comment(comment, key, f"{where}, comment #{index}"))
    return export


def _json_comment(comment, thread_key: str, where: str) -> Comment:
    if not isinstance(comment, dict):
        raise ImportFormatError(f"{where}: not an object")
    for name in ("id", "created", "text"):
        if not _is_text(comment.get(name)) and not isinstance(comment.get(name), int):
            raise ImportFormatError(f"{where}: needs {name}")
    text = {name: comment.get(name) for name in ("author", "email")}
    if not all(value is None or isinstance(value, str) for value in text.values()):
        raise ImportFormatError(f"{where}: author and email are text")
    return Comment(
        # Ids are unique within a thread only.
        source_id=f"{thread_key}#{comment['id']}",
        thread_key=thread_key,
        parent_id=None,
        author_name=text["author"] or "",
        author_email=text["email"] or "",
        body=str(comment["text"]).strip(),
        created_at=parse_datetime(str(comment["created"]), where),
        # Isso imports these as published.
        state=State.APPROVED,
    )


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
