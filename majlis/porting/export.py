"""`majlis export`: the newsroom's comments and all that goes with them, in Majlis's own
portable format (docs/export-format.md), for another install's `majlis import majlis`.

Unlike `majlis backup`, which copies tables as they are, an export speaks of articles,
comments and decisions, independent of the tables that hold them, and carries nothing
secret: no people's passwords or tokens, no keys. It is read from one snapshot and written
a row at a time, so its size never weighs on memory.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

import majlis
from majlis.articles.models import Article, Tag
from majlis.commenters.models import CommenterStanding
from majlis.comments.models import Comment, Decision, Status
from majlis.moderation.models import CommentAssessment
from majlis.ops.backup import open_for_writing, read_snapshot
from majlis.readers.models import Reader
from majlis.sites.models import Site

FORMAT = "majlis-export"
VERSION = 2
# What the file holds, in the order it holds it: whatever a record refers to comes first.
KINDS = ("site", "tag", "reader", "article", "comment", "decision", "assessment", "standing")
CHUNK = 1000

ASSESSMENT_FIELDS = (
    "language",
    "language_confidence",
    "scores",
    "evidence",
    "suggestion",
    "categories",
    "reasons",
    "risk",
    "versions",
    "duration_ms",
)


def instance_id() -> str:
    """Names this install in its exports, so that comments from two installs never pass for
    each other on import; keyed on SECRET_KEY, which it does not reveal."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"majlis export instance", hashlib.sha256)
    return digest.hexdigest()[:16]


def write_export(path: Path) -> dict[str, int]:
    """Write the export to `path` (gzipped when it ends in `.gz`); returns the records
    written by kind. A file is only there once it is whole."""
    partial, stream = open_for_writing(path)
    counts = dict.fromkeys(KINDS, 0)
    try:
        with stream, read_snapshot():
            header = {
                "type": "header",
                "format": FORMAT,
                "version": VERSION,
                "majlis_version": majlis.__version__,
                "created_at": _date(timezone.now()),
                "instance": instance_id(),
            }
            stream.write(_line(header))
            for kind, records in _records():
                for record in records:
                    stream.write(_line({"type": kind, **record}))
                    counts[kind] += 1
            stream.write(_line({"type": "end", "counts": counts}))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return counts


def _records() -> Iterator[tuple[str, Iterator[dict]]]:
    yield "site", _sites()
    yield "tag", _tags()
    yield "reader", _readers()
    yield "article", _articles()
    yield "comment", _comments()
    yield "decision", _decisions()
    yield "assessment", _assessments()
    yield "standing", _standings()


def _sites() -> Iterator[dict]:
    # Not the sign-in secret: whoever holds it can sign readers in as anyone.
    for site in Site.objects.order_by("pk").prefetch_related("origins").iterator(CHUNK):
        yield {
            "key": site.key,
            "name": site.name,
            "origins": site.origin_list(),
            "auto_register": site.auto_register,
            "language": site.language,
            "is_default": site.is_default,
        }


def _tags() -> Iterator[dict]:
    for name, slug in Tag.objects.order_by("pk").values_list("name", "slug").iterator(CHUNK):
        yield {"name": name, "slug": slug}


def _readers() -> Iterator[dict]:
    # The account as its last token named it; Majlis keeps no password nor session for it.
    for reader in Reader.objects.order_by("pk").select_related("site").iterator(CHUNK):
        yield {
            "id": reader.pk,
            "site": reader.site.key,
            "sub": reader.sub,
            "name": reader.name,
            "email": reader.email,
            "created_at": _date(reader.created_at),
            "last_seen_at": _date(reader.last_seen_at),
        }


def _standings() -> Iterator[dict]:
    rows = CommenterStanding.objects.order_by("pk").select_related("set_by")
    for row in rows.iterator(CHUNK):
        yield {
            "scope": row.scope,
            "value": row.value,
            "reader": row.reader_id,
            "standing": row.standing,
            "category": row.category,
            "note": row.note,
            # Who set it: a username there, or (imported here in turn) where it came from.
            "set_by": row.set_by.username if row.set_by else row.imported_from,
            "updated_at": _date(row.updated_at),
        }


def _articles() -> Iterator[dict]:
    articles = Article.objects.order_by("pk").select_related("site").prefetch_related("tags")
    for article in articles.iterator(chunk_size=CHUNK):
        yield {
            "id": article.pk,
            "site": article.site.key,
            "key": article.key,
            "title": article.title,
            "byline": article.byline,
            "url": article.url,
            "language": article.language,
            "published_at": _date(article.published_at),
            "comments_open": article.comments_open,
            "tags": sorted(tag.name for tag in article.tags.all()),
            "body": article.body,
        }


def _comments() -> Iterator[dict]:
    # A withdrawn comment is gone: it is not carried along, and a reply to it hangs under
    # the nearest comment above it that is (or at the top).
    withdrawn = dict(Comment.objects.filter(status=Status.WITHDRAWN).values_list("pk", "parent_id"))

    def kept(parent: int | None) -> int | None:
        while parent in withdrawn:
            parent = withdrawn[parent]
        return parent

    # By id: a parent is always stored, and so numbered, before its replies.
    rows = (
        Comment.objects.exclude(status=Status.WITHDRAWN)
        .order_by("pk")
        .values_list(
            "pk",
            "article_id",
            "parent_id",
            "author_name",
            "author_email",
            "body",
            "language",
            "status",
            "created_at",
            "decided_at",
            "reader_id",
        )
    )
    for row in rows.iterator(CHUNK):
        pk, article, parent, name, email, body, language, status, created, decided, reader = row
        yield {
            "id": pk,
            "article": article,
            "parent": kept(parent),
            "reader": reader,
            "author_name": name,
            "author_email": email,
            "body": body,
            "language": language,
            "status": status,
            "created_at": _date(created),
            "decided_at": _date(decided),
        }


def _decisions() -> Iterator[dict]:
    rows = (
        Decision.objects.exclude(comment__status=Status.WITHDRAWN)
        .order_by("pk")
        .values_list(
            "comment_id",
            "verdict",
            "moderator__username",
            "automatic_version",
            "imported_from",
            "categories",
            "note",
            "created_at",
        )
    )
    for comment, verdict, username, version, source, categories, note, created in rows.iterator(
        CHUNK
    ):
        if version:
            actor = {"kind": "automatic", "name": version}
        elif source:
            actor = {"kind": "import", "name": source}
        else:
            actor = {"kind": "moderator", "name": username}
        yield {
            "comment": comment,
            "verdict": verdict,
            "actor": actor,
            "categories": categories,
            "note": note,
            "created_at": _date(created),
        }


def _assessments() -> Iterator[dict]:
    rows = (
        CommentAssessment.objects.exclude(comment__status=Status.WITHDRAWN)
        .order_by("comment_id")
        .values_list("comment_id", "created_at", *ASSESSMENT_FIELDS)
    )
    for comment, created, *values in rows.iterator(CHUNK):
        yield {
            "comment": comment,
            **dict(zip(ASSESSMENT_FIELDS, values, strict=True)),
            "created_at": _date(created),
        }


def _date(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
