"""What every format's parser turns a file into: plain threads and comments, no Django."""

from __future__ import annotations

import gzip
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import IO
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree


class ImportFormatError(ValueError):
    """A file that cannot be read as its format; the message names where it breaks."""


class State(StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"
    DELETED = "deleted"
    # Rejected by a decision the file carries (our own export): the decisions say why.
    REJECTED = "rejected"


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    origins: tuple[str, ...]
    auto_register: bool
    language: str
    is_default: bool = False


@dataclass(frozen=True)
class Thread:
    key: str  # the old system's identifier for the page
    title: str
    url: str
    created_at: datetime | None
    # The rest is what our own export carries: the article whole, to be kept as it was.
    article_key: str = ""
    site: str = ""
    language: str = ""
    byline: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()
    comments_open: bool = True


@dataclass(frozen=True)
class Decision:
    """A decision another install of Majlis took, to be logged again with its date."""

    verdict: str  # "approve" or "reject"
    actor: str  # "moderator", "automatic" or "import"
    actor_name: str  # the moderator's username, the machine's version, the import's source
    categories: tuple[str, ...]
    note: str
    created_at: datetime


@dataclass(frozen=True)
class Reader:
    """A signed-in reader's account, as our own export carries it."""

    key: str  # its id in the file
    site: str  # its site's key; "" for the default site
    sub: str
    name: str
    email: str
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class Standing:
    """A commenter's standing, as our own export carries it (see `commenters.models`)."""

    scope: str  # "reader", "email" or "domain"
    value: str  # the address or domain; "" for a reader
    reader: str | None  # the reader's key in the file, for scope "reader"
    standing: str
    category: str
    note: str
    set_by: str  # the username of the moderator who set it there
    updated_at: datetime


@dataclass(frozen=True)
class Comment:
    source_id: str
    thread_key: str
    parent_id: str | None
    author_name: str
    author_email: str
    body: str
    created_at: datetime
    state: State
    # Our own export's: the comment's language, its decisions oldest first, and the
    # automatic moderator's assessment of it (the fields of `CommentAssessment`).
    language: str = ""
    decisions: tuple[Decision, ...] = ()
    assessment: dict | None = None
    reader: str | None = None  # the key of its signed-in reader (a `Reader` of the export)


@dataclass
class Export:
    threads: list[Thread]
    comments: list[Comment]
    # What the parser left out as not comments at all (pingbacks, trackbacks).
    skipped: int = 0
    sites: list[Site] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    readers: list[Reader] = field(default_factory=list)
    standings: list[Standing] = field(default_factory=list)


_BREAK = re.compile(r"<\s*br\s*/?\s*>[ \t]*\n?", re.IGNORECASE)
_BLOCK_END = re.compile(r"<\s*/\s*(p|div|blockquote|li|h[1-6]|pre)\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def html_to_text(markup: str) -> str:
    """Plain text from a comment's HTML: paragraphs as blank lines, tags dropped, entities
    read. Majlis stores plain text and escapes it wherever it is shown."""
    text = _BREAK.sub("\n", markup.replace("\r\n", "\n"))
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = ("\n".join(_lines(p)) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _lines(paragraph: str) -> list[str]:
    lines = (" ".join(line.split()) for line in paragraph.split("\n"))
    return [line for line in lines if line]


def parse_datetime(value: str, where: str) -> datetime:
    """An ISO 8601 or `YYYY-MM-DD HH:MM:SS` date; without a zone it is read as UTC."""
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ImportFormatError(f"{where}: not a date: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def open_text(path) -> IO[str]:
    """The file as UTF-8 text, read through gzip where it is compressed (whatever its name)."""
    with open(path, "rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    if compressed:
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def parse_xml(path) -> ElementTree.Element:
    """The file's root element, refusing entity declarations (billion laughs) and external
    entities; a syntax error names its line and column."""
    try:
        return SafeElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        line, column = error.position
        raise ImportFormatError(
            f"not well-formed XML at line {line}, column {column + 1}"
        ) from None
    except DefusedXmlException as error:
        raise ImportFormatError(f"refused: {error}") from None


def text_of(element: ElementTree.Element | None, name: str = "", default: str = "") -> str:
    found = element.find(name) if element is not None and name else element
    return found.text.strip() if found is not None and found.text else default
