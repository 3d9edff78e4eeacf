"""Storing a parsed export: articles from threads, comments through `comments.actions`,
all in one transaction, so a file that breaks halfway leaves nothing behind."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.models import Category, Comment
from majlis.lib.text import unstorable_reason, validate_email_address
from majlis.porting import records
from majlis.porting.records import ImportFormatError, State

ANONYMOUS = "Anonymous"
NAME_MAX = Comment._meta.get_field("author_name").max_length
TITLE_MAX = Article._meta.get_field("title").max_length
URL_MAX = Article._meta.get_field("url").max_length


@dataclass
class Summary:
    comments: int = 0
    articles: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return (
            f"imported {self.comments} comments in {self.articles} articles "
            f"({self.skipped} skipped)"
        )


class _DryRun(Exception):
    """Raised to roll a dry run's transaction back."""


def load(export: records.Export, *, source: str, language: str, dry_run: bool = False) -> Summary:
    """Store `export`; with `dry_run`, do all of it and roll it back, so the summary says
    what a real run would store."""
    summary = Summary()
    try:
        with transaction.atomic():
            summary = _store(export, source=source, language=language)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def article_key(source: str, thread: records.Thread) -> str:
    """A stable key for a thread's article: a readable slug from its URL or title, and a
    digest of its identifier in the old system, so that importing again finds it."""
    path = urlsplit(thread.url).path.rstrip("/").rpartition("/")[2]
    readable = slugify(path or thread.title)[:60].strip("-") or "thread"
    digest = hashlib.sha256(f"{source}\x1f{thread.key}".encode()).hexdigest()[:10]
    return f"{readable}-{digest}"


def placeholder_email(source: str, comment: records.Comment) -> str:
    # The reserved .invalid domain (RFC 2606): an address that can never receive mail.
    digest = hashlib.sha256(f"{source}\x1f{comment.source_id}".encode()).hexdigest()[:16]
    return f"imported+{digest}@invalid"


def _store(export: records.Export, *, source: str, language: str) -> Summary:
    summary = Summary(skipped=export.skipped)
    threads = {thread.key: thread for thread in export.threads}
    by_id = {comment.source_id: comment for comment in export.comments}
    articles: dict[str, Article] = {}
    stored: dict[str, Comment] = {}
    touched: set[int] = set()
    actor = actions.Importer(source)
    for item in tqdm(
        _parents_first(export.comments, by_id),
        total=len(export.comments),
        desc=f"import {source}",
        unit="comment",
        file=sys.stderr,
        disable=None,  # only on a terminal
    ):
        where = f"comment {item.source_id}"
        if item.state == State.DELETED or not item.body:
            summary.skipped += 1
            continue
        if item.thread_key not in threads:
            raise ImportFormatError(f"{where}: its thread {item.thread_key} is not in the file")
        parent = _kept_parent(item, by_id, stored)
        key = actions.submission_key("import", source, item.source_id)
        earlier = Comment.objects.filter(submission_key=key).first()
        if earlier is not None:
            stored[item.source_id] = earlier
            summary.skipped += 1
            continue
        for field in ("author_name", "body"):
            reason = unstorable_reason(getattr(item, field))
            if reason:
                raise ImportFormatError(f"{where}: {field}: {reason}")
        article = articles.get(item.thread_key)
        if article is None:
            article = _article(source, threads[item.thread_key], language, item)
            articles[item.thread_key] = article
        comment = actions.submit(
            article,
            author_name=(" ".join(item.author_name.split()) or ANONYMOUS)[:NAME_MAX],
            author_email=_email(source, item),
            body=item.body,
            parent=parent,
            key=key,
            created_at=item.created_at,
        )
        if item.state == State.APPROVED:
            actions.approve(comment, actor=actor)
        elif item.state == State.SPAM:
            actions.reject(
                comment,
                actor=actor,
                categories=[Category.PROMOTION],
                note=f"marked as spam in {source}",
            )
        stored[item.source_id] = comment
        touched.add(article.pk)
        summary.comments += 1
    summary.articles = len(touched)
    return summary


def _email(source: str, comment: records.Comment) -> str:
    """The commenter's address, or a placeholder where the file has none that could be
    mailed (old systems took anything), so the comment is kept all the same."""
    try:
        validate_email_address(comment.author_email)
    except ValidationError:
        return placeholder_email(source, comment)
    return comment.author_email


def _parents_first(comments: list[records.Comment], by_id: dict[str, records.Comment]):
    """The comments in the file's order, except that a parent always comes before its
    replies (the tree needs the parent stored first)."""
    done: set[str] = set()
    for comment in comments:
        chain = []
        current: records.Comment | None = comment
        while current is not None and current.source_id not in done:
            if current in chain:
                raise ImportFormatError(f"comment {current.source_id}: replies to itself")
            chain.append(current)
            parent_id = current.parent_id
            if parent_id and parent_id not in by_id:
                raise ImportFormatError(
                    f"comment {current.source_id}: its parent {parent_id} is not in the file"
                )
            current = by_id.get(parent_id) if parent_id else None
        for item in reversed(chain):
            done.add(item.source_id)
            yield item


def _kept_parent(item: records.Comment, by_id, stored: dict[str, Comment]) -> Comment | None:
    """The stored comment this one answers: a skipped (deleted) parent hands its replies
    to its own parent, so the thread keeps them."""
    parent_id = item.parent_id
    while parent_id:
        if parent_id in stored:
            return stored[parent_id]
        parent_id = by_id[parent_id].parent_id
    return None


def _article(source: str, thread: records.Thread, language: str, first) -> Article:
    """The thread's article: one the newsroom already has at the same URL, or the one an
    earlier import created, or a new one."""
    # Isso knows a page by its path alone: a canonical URL needs scheme and host.
    url = thread.url if urlsplit(thread.url).scheme in ("http", "https") else ""
    if url:
        found = Article.objects.filter(url=url).first()
        if found is not None:
            return found
    key = article_key(source, thread)
    article, _ = Article.objects.in_site(None).get_or_create(
        key=key,
        defaults={
            "title": (" ".join(thread.title.split()) or thread.url or key)[:TITLE_MAX],
            "url": url if len(url) <= URL_MAX else "",
            "language": language,
            "published_at": thread.created_at or first.created_at or timezone.now(),
        },
    )
    return article
