"""Remark42's backup (its admin export, and the daily `backup-SITE-DATE.gz`): one JSON
object a line, gzipped or plain. The first line is the meta, `{"version": 1, "users": [{id,
details: {email}}], "posts": [{url, read_only}]}`; each line after it is a comment: id, pid
(its parent's id, "" at the top), text (sanitised HTML), user {name, id}, locator {site,
url}, time, title (the page's, where known) and `delete` for a removed one (kept, emptied,
because replies hang on it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from majlis.porting.records import (
    Comment,
    Export,
    ImportFormatError,
    State,
    Thread,
    html_to_text,
    open_text,
    parse_datetime,
)

# Version 0 came before the meta carried a version; Remark42 reads both the same.
VERSIONS = (0, 1)


def parse(path: Path) -> Export:
    lines = _objects(path)
    number, meta = next(lines, (1, None))
    if not isinstance(meta, dict) or meta.get("version", 0) not in VERSIONS:
        raise ImportFormatError(f"line {number}: not a Remark42 backup's meta (version 1)")
    emails = _emails(meta.get("users"))
    export = Export(threads=[], comments=[])
    threads: dict[str, Thread] = {}
    for number, item in lines:
        comment = _comment(item, f"line {number}", emails)
        if comment.thread_key not in threads:
            title = item.get("title") if isinstance(item.get("title"), str) else ""
            url = item["locator"]["url"]
            threads[comment.thread_key] = Thread(
                key=comment.thread_key, title=title.strip() or url, url=url, created_at=None
            )
        export.comments.append(comment)
    export.threads = list(threads.values())
    return export


def _objects(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, its JSON value) for each line that is not blank."""
    with open_text(path) as file:
        try:
            for number, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    raise ImportFormatError(
                        f"line {number}: not valid JSON at column {error.colno}: {error.msg}"
                    ) from None
        except (OSError, EOFError, UnicodeDecodeError) as error:
            raise ImportFormatError(f"not a Remark42 backup: {error}") from None


def _emails(users) -> dict[str, str]:
    """Commenters' addresses by user id, from the meta's user details (where they gave one
    for notifications)."""
    found = {}
    for user in users if isinstance(users, list) else ():
        details = user.get("details") if isinstance(user, dict) else None
        email = details.get("email") if isinstance(details, dict) else None
        if isinstance(user.get("id"), str) and isinstance(email, str):
            found[user["id"]] = email
    return found


def _comment(item, where: str, emails: dict[str, str]) -> Comment:
    if not isinstance(item, dict) or not _is_text(item.get("id")):
        raise ImportFormatError(f"{where}: a comment needs an id")
    where = f"{where} (comment {item['id']})"
    locator, user = item.get("locator"), item.get("user")
    if not isinstance(locator, dict) or not _is_text(locator.get("url")):
        raise ImportFormatError(f"{where}: needs a locator with a url")
    if not isinstance(user, dict):
        raise ImportFormatError(f"{where}: needs a user")
    for name in ("text", "time"):
        if not isinstance(item.get(name), str):
            raise ImportFormatError(f"{where}: needs {name}")
    parent = item.get("pid")
    if parent is not None and not isinstance(parent, str):
        raise ImportFormatError(f"{where}: pid must be text")
    site = locator.get("site") if isinstance(locator.get("site"), str) else ""
    user_id = user.get("id") if isinstance(user.get("id"), str) else ""
    return Comment(
        source_id=item["id"],
        # One backup holds one site, but a file may join several.
        thread_key=f"{site}\x1f{locator['url']}",
        parent_id=parent or None,
        author_name=str(user.get("name") or ""),
        author_email=emails.get(user_id, ""),
        body=html_to_text(item["text"]),
        created_at=parse_datetime(item["time"], where),
        # Remark42 publishes at once; only a removal takes a comment down.
        state=State.DELETED if item.get("delete") is True else State.APPROVED,
    )


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
