"""Commento's JSON export (gzipped as downloaded, or plain): `comments` (commentHex, url
as the page's path, domain, parentHex or "root", markdown, state, creationDate, deleted)
and `commenters` (commenterHex, name, email), version 1."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from majlis.porting.records import (
    Comment,
    Export,
    ImportFormatError,
    State,
    Thread,
    parse_datetime,
)

# "flagged" is Commento's suspected spam, waiting for a moderator as "unapproved" does.
STATES = {"approved": State.APPROVED, "unapproved": State.PENDING, "flagged": State.PENDING}


def parse(path: Path) -> Export:
    data = _load(path)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ImportFormatError("not a Commento export (version 1)")
    comments, commenters = data.get("comments") or [], data.get("commenters") or []
    if not isinstance(comments, list) or not isinstance(commenters, list):
        raise ImportFormatError("comments and commenters must be lists")
    people = {}
    for number, person in enumerate(commenters, start=1):
        if not isinstance(person, dict) or not isinstance(person.get("commenterHex"), str):
            raise ImportFormatError(f"commenter #{number}: needs a commenterHex")
        people[person["commenterHex"]] = person
    export = Export(threads=[], comments=[])
    threads: dict[str, Thread] = {}
    for number, item in enumerate(comments, start=1):
        where = f"comment #{number}"
        if not isinstance(item, dict) or not _is_text(item.get("commentHex")):
            raise ImportFormatError(f"{where}: needs a commentHex")
        where = f"comment {item['commentHex']}"
        for name in ("url", "creationDate", "markdown"):
            if not isinstance(item.get(name), str):
                raise ImportFormatError(f"{where}: needs {name}")
        state = STATES.get(item.get("state") or "approved")
        if state is None:
            raise ImportFormatError(f"{where}: unknown state {item.get('state')!r}")
        domain = item.get("domain") if isinstance(item.get("domain"), str) else ""
        key = f"{domain}{item['url']}"
        if key not in threads:
            url = f"https://{domain}{item['url']}" if domain else item["url"]
            threads[key] = Thread(key=key, title=item["url"], url=url, created_at=None)
        person = people.get(item.get("commenterHex"), {})
        parent = item.get("parentHex")
        export.comments.append(
            Comment(
                source_id=item["commentHex"],
                thread_key=key,
                parent_id=None if parent in (None, "", "root") else str(parent),
                author_name=str(person.get("name") or ""),
                author_email=str(person.get("email") or ""),
                body=item["markdown"].strip(),
                created_at=parse_datetime(item["creationDate"], where),
                state=State.DELETED if item.get("deleted") is True else state,
            )
        )
    export.threads = list(threads.values())
    return export


def _load(path: Path):
    with open(path, "rb") as file:
        raw = file.read()
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        return json.loads(raw.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ImportFormatError(f"not a Commento export: {error}") from None
    except json.JSONDecodeError as error:
        raise ImportFormatError(
            f"not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None


def _is_text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
