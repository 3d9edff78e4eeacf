"""Majlis's own export (`majlis export`, docs/export-format.md): one JSON object a line,
gzipped or plain, from a header line to an end line that counts what came between. A
record refers only to records before it, so the file reads in one pass; a file cut short,
or with a line out of shape, is refused by the line's number."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

from majlis.moderation import policy
from majlis.moderation.categories import CATEGORIES
from majlis.porting.records import (
    Comment,
    Decision,
    Export,
    ImportFormatError,
    Reader,
    Site,
    Standing,
    State,
    Thread,
    open_text,
    parse_datetime,
)

FORMAT = "majlis-export"
# Version 2 added readers' accounts and commenters' standings; a version 1 file has neither.
VERSIONS = (1, 2)
KINDS = ("site", "tag", "reader", "article", "comment", "decision", "assessment", "standing")
SCOPES = ("reader", "email", "domain")
STANDINGS = ("trusted", "premoderate", "banned")
STATES = {"approved": State.APPROVED, "pending": State.PENDING, "rejected": State.REJECTED}
VERDICTS = {"approve": State.APPROVED, "reject": State.REJECTED}
ACTORS = ("moderator", "automatic", "import")
SUGGESTIONS = (policy.APPROVE, policy.REJECT, policy.REVIEW)
# As `comments.actions.NOTE_MAX_LENGTH`, which this module cannot import (no Django here).
NOTE_MAX_LENGTH = 2000


class _Record:
    """One line's object, with typed reads that name the line when a field is wrong."""

    def __init__(self, data: dict, where: str) -> None:
        self.data, self.where = data, where

    def fail(self, message: str) -> ImportFormatError:
        return ImportFormatError(f"{self.where}: {message}")

    def text(self, name: str, *, blank: bool = True) -> str:
        value = self.data.get(name)
        if not isinstance(value, str) or (not blank and not value.strip()):
            raise self.fail(f"{name} must be {'text' if blank else 'non-empty text'}")
        return value

    def flag(self, name: str) -> bool:
        value = self.data.get(name)
        if not isinstance(value, bool):
            raise self.fail(f"{name} must be true or false")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{name} must be a list of text")
        return tuple(value)

    def number(self, name: str) -> float:
        value = self.data.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{name} must be a number")
        return value

    def id(self, name: str, known: dict | None = None, *, null: bool = False):
        value = self.data.get(name)
        if value is None and null:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self.fail(f"{name} must be an id")
        if known is not None and value not in known:
            raise self.fail(f"{name} {value} is not earlier in the file")
        return value

    def date(self, name: str, *, null: bool = False):
        value = self.data.get(name)
        if value is None and null:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{name} must be a date")
        return parse_datetime(value, f"{self.where}: {name}")

    def of(self, name: str, kind: type):
        value = self.data.get(name)
        if not isinstance(value, kind):
            raise self.fail(f"{name} must be a {'list' if kind is list else 'mapping'}")
        return value


def parse(path: Path) -> Export:
    with open_text(path) as file:
        return _parse(_lines(file))


def _lines(file) -> Iterator[_Record]:
    number, seen = 0, False
    try:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise ImportFormatError(
                    f"line {number}: not valid JSON at column {error.colno}: {error.msg}"
                ) from None
            if not isinstance(data, dict) or not isinstance(data.get("type"), str):
                what = "a record (an object with a type)" if seen else "a Majlis export"
                raise ImportFormatError(f"line {number}: not {what}")
            seen = True
            yield _Record(data, f"line {number} ({data['type']})")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise ImportFormatError(
            f"cannot be read after line {number}: {error}; cut off or damaged?"
        ) from None


def _parse(records: Iterator[_Record]) -> Export:
    header = next(records, None)
    if header is None or header.data.get("type") != "header" or header.data.get("format") != FORMAT:
        raise ImportFormatError("line 1: not a Majlis export (its header line is missing)")
    if header.data.get("version") not in VERSIONS:
        raise header.fail(f"version {header.data.get('version')!r} of the format is not known")
    instance = header.text("instance", blank=False)
    reader = _Reader(instance)
    for record in records:
        kind = record.data["type"]
        if kind == "end":
            reader.check_end(record)
            for after in records:
                raise after.fail("comes after the end line")
            return reader.export()
        if kind not in KINDS:
            raise record.fail(f"unknown type {kind!r}")
        getattr(reader, kind)(record)
    raise ImportFormatError("the file stops before its end line: it was cut off")


class _Reader:
    def __init__(self, instance: str) -> None:
        self.instance = instance
        self.counts = dict.fromkeys(KINDS, 0)
        self.sites: dict[str, Site] = {}
        self.tags: dict[str, None] = {}
        self.threads: dict[object, Thread] = {}
        self.comments: dict[object, Comment] = {}
        self.decisions: dict[object, list[Decision]] = {}
        self.assessments: dict[object, dict] = {}
        self.readers: dict[object, Reader] = {}
        self.standings: list[Standing] = []

    def site(self, record: _Record) -> None:
        key = record.text("key", blank=False)
        if key in self.sites:
            raise record.fail(f"site {key} comes twice")
        if record.flag("is_default") and any(s.is_default for s in self.sites.values()):
            raise record.fail("a second default site")
        self.sites[key] = Site(
            key=key,
            name=record.text("name"),
            origins=record.texts("origins"),
            auto_register=record.flag("auto_register"),
            language=record.text("language"),
            is_default=record.flag("is_default"),
        )
        self.counts["site"] += 1

    def tag(self, record: _Record) -> None:
        self.tags[record.text("name", blank=False)] = None
        self.counts["tag"] += 1

    def reader(self, record: _Record) -> None:
        id_ = record.id("id")
        if id_ in self.readers:
            raise record.fail(f"reader {id_} comes twice")
        site = record.data.get("site") or ""
        if site and site not in self.sites:
            raise record.fail(f"site {site} is not earlier in the file")
        self.readers[id_] = Reader(
            key=str(id_),
            site=site,
            sub=record.text("sub", blank=False),
            name=record.text("name"),
            email=record.text("email", blank=False),
            created_at=record.date("created_at"),
            last_seen_at=record.date("last_seen_at"),
        )
        self.counts["reader"] += 1

    def standing(self, record: _Record) -> None:
        scope = record.text("scope")
        if scope not in SCOPES:
            raise record.fail(f"scope must be one of {', '.join(SCOPES)}")
        reader = record.id("reader", self.readers, null=scope != "reader")
        value = record.text("value", blank=scope == "reader")
        if (scope == "reader") != (reader is not None) or (scope == "reader" and value):
            raise record.fail("a reader's standing names its reader, any other its value")
        standing = record.text("standing")
        if standing not in STANDINGS:
            raise record.fail(f"standing must be one of {', '.join(STANDINGS)}")
        category = record.text("category")
        if (category and category not in CATEGORIES) or (standing == "banned") != bool(category):
            raise record.fail("a ban names one guideline category, any other standing none")
        note = record.text("note")
        if len(note.strip()) > NOTE_MAX_LENGTH:
            raise record.fail(f"a note has at most {NOTE_MAX_LENGTH} characters")
        self.standings.append(
            Standing(
                scope=scope,
                value=value,
                reader=str(reader) if reader is not None else None,
                standing=standing,
                category=category,
                note=note,
                set_by=record.text("set_by", blank=False),
                updated_at=record.date("updated_at"),
            )
        )
        self.counts["standing"] += 1

    def article(self, record: _Record) -> None:
        id_ = record.id("id")
        if id_ in self.threads:
            raise record.fail(f"article {id_} comes twice")
        # Without sites (an export written elsewhere), every article is the default site's.
        site = record.data.get("site") or ""
        if site and site not in self.sites:
            raise record.fail(f"site {site} is not earlier in the file")
        tags = record.texts("tags")
        unknown = [tag for tag in tags if tag not in self.tags]
        if unknown:
            raise record.fail(f"tag {unknown[0]} is not earlier in the file")
        self.threads[id_] = Thread(
            key=str(id_),
            title=record.text("title", blank=False),
            url=record.text("url"),
            created_at=record.date("published_at"),
            article_key=record.text("key", blank=False),
            site=site,
            language=record.text("language", blank=False),
            byline=record.text("byline"),
            body=record.text("body"),
            tags=tags,
            comments_open=record.flag("comments_open"),
        )
        self.counts["article"] += 1

    def comment(self, record: _Record) -> None:
        id_ = record.id("id")
        if id_ in self.comments:
            raise record.fail(f"comment {id_} comes twice")
        article = record.id("article", self.threads)
        parent = record.id("parent", self.comments, null=True)
        reader = record.id("reader", self.readers, null=True)
        status = record.text("status")
        if status not in STATES:
            raise record.fail(f"status must be one of {', '.join(STATES)}")
        record.date("decided_at", null=True)
        self.comments[id_] = Comment(
            source_id=self._source_id(id_),
            thread_key=str(article),
            parent_id=self._source_id(parent) if parent is not None else None,
            author_name=record.text("author_name"),
            author_email=record.text("author_email"),
            body=record.text("body", blank=False),
            created_at=record.date("created_at"),
            state=STATES[status],
            language=record.text("language"),
            reader=str(reader) if reader is not None else None,
        )
        self.counts["comment"] += 1

    def decision(self, record: _Record) -> None:
        comment = record.id("comment", self.comments)
        if record.text("verdict") not in VERDICTS:
            raise record.fail(f"verdict must be one of {', '.join(VERDICTS)}")
        actor = _Record(record.of("actor", dict), f"{record.where}: actor")
        if actor.text("kind") not in ACTORS:
            raise actor.fail(f"kind must be one of {', '.join(ACTORS)}")
        categories = record.texts("categories")
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown:
            raise record.fail(f"unknown guideline category {unknown[0]!r}")
        if (record.data["verdict"] == "reject") != bool(categories):
            raise record.fail("a rejection cites guideline categories, an approval none")
        note = record.text("note")
        if len(note.strip()) > NOTE_MAX_LENGTH:
            raise record.fail(f"a note has at most {NOTE_MAX_LENGTH} characters")
        self.decisions.setdefault(comment, []).append(
            Decision(
                verdict=record.data["verdict"],
                actor=actor.data["kind"],
                actor_name=actor.text("name", blank=False),
                categories=categories,
                note=note,
                created_at=record.date("created_at"),
            )
        )
        self.counts["decision"] += 1

    def assessment(self, record: _Record) -> None:
        comment = record.id("comment", self.comments)
        if comment in self.assessments:
            raise record.fail(f"comment {comment} has a second assessment")
        if record.text("suggestion") not in SUGGESTIONS:
            raise record.fail(f"suggestion must be one of {', '.join(SUGGESTIONS)}")
        self.assessments[comment] = {
            "language": record.text("language"),
            "language_confidence": record.number("language_confidence"),
            "scores": record.of("scores", dict),
            "evidence": record.of("evidence", list),
            "suggestion": record.text("suggestion", blank=False),
            "categories": list(record.texts("categories")),
            "reasons": list(record.texts("reasons")),
            "risk": record.number("risk"),
            "versions": record.of("versions", dict),
            "duration_ms": record.number("duration_ms"),
            "created_at": record.date("created_at"),
        }
        self.counts["assessment"] += 1

    def check_end(self, record: _Record) -> None:
        counts = record.of("counts", dict)
        for kind, found in self.counts.items():
            said = counts.get(kind, 0)
            if said != found:
                raise record.fail(f"counts {said} {kind}s, the file has {found}: damaged?")

    def export(self) -> Export:
        comments = []
        for id_, comment in self.comments.items():
            decisions = tuple(sorted(self.decisions.get(id_, ()), key=lambda d: d.created_at))
            # The comment's status is where its decisions led; a file that says otherwise
            # was changed by hand, and replaying it would not give back what it says.
            led_to = VERDICTS[decisions[-1].verdict] if decisions else State.PENDING
            if led_to != comment.state:
                raise ImportFormatError(
                    f"comment {id_}: its status is {comment.state}, its decisions lead to {led_to}"
                )
            comments.append(
                dataclasses.replace(
                    comment, decisions=decisions, assessment=self.assessments.get(id_)
                )
            )
        return Export(
            threads=list(self.threads.values()),
            comments=comments,
            sites=list(self.sites.values()),
            tags=list(self.tags),
            readers=list(self.readers.values()),
            standings=self.standings,
        )

    def _source_id(self, id_) -> str:
        # Ids are an install's own: with its instance they name a comment everywhere.
        return f"{self.instance}/{id_}"
