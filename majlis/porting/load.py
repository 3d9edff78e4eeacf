"""Storing a parsed export: articles from threads, comments through `comments.actions`,
all in one transaction, so a file that breaks halfway leaves nothing behind. Our own export
brings more along (whole articles, tags, every decision with its date, assessments), and
goes the same way."""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm

from majlis.articles.models import Article, Tag
from majlis.commenters.models import CommenterStanding
from majlis.comments import actions
from majlis.comments.models import Category, Comment, Decision
from majlis.lib.text import unstorable_reason, validate_email_address
from majlis.moderation.duplicates import sketch
from majlis.moderation.models import AssessmentJob, CommentAssessment
from majlis.porting import records
from majlis.porting.records import ImportFormatError, State
from majlis.readers.models import Reader
from majlis.sites.models import Site

ANONYMOUS = "Anonymous"
NAME_MAX = Comment._meta.get_field("author_name").max_length
TITLE_MAX = Article._meta.get_field("title").max_length
URL_MAX = Article._meta.get_field("url").max_length
ACTOR_MAX = Decision._meta.get_field("imported_from").max_length
IMPORTED_FROM_MAX = CommenterStanding._meta.get_field("imported_from").max_length
# What `placeholder_email` gives: an export from another install carries it as it is.
PLACEHOLDER = re.compile(r"imported\+[0-9a-f]{16}@invalid")


@dataclass
class Summary:
    comments: int = 0
    articles: int = 0
    skipped: int = 0
    # Whole articles (our own export's) created, with comments or without.
    new_articles: int = 0

    def __str__(self) -> str:
        return (
            f"imported {self.comments} comments in {self.articles} articles "
            f"({self.skipped} skipped)"
        )


class _DryRun(Exception):
    """Raised to roll a dry run's transaction back."""


def load(
    export: records.Export,
    *,
    source: str,
    language: str | None = None,
    site: Site | None = None,
    dry_run: bool = False,
) -> Summary:
    """Store `export`; with `dry_run`, do all of it and roll it back, so the summary says
    what a real run would store.

    The articles created go to `site`; without it, to the default site, or for our own
    export to the sites it names. Their language is `language`, or else their site's.
    """
    summary = Summary()
    try:
        with transaction.atomic():
            summary = _store(export, source=source, language=language, site=site)
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


def _store(
    export: records.Export, *, source: str, language: str | None, site: Site | None
) -> Summary:
    summary = Summary(skipped=export.skipped)
    sites = {} if site is not None else _sites(export.sites)
    site = site or Site.default()
    if export.tags:
        Tag.for_names(export.tags)
    threads = {thread.key: thread for thread in export.threads}
    by_id = {comment.source_id: comment for comment in export.comments}
    articles: dict[str, Article] = {}
    for thread in export.threads:
        if thread.article_key:
            articles[thread.key], created = _whole_article(
                thread, language, sites.get(thread.site, site)
            )
            summary.new_articles += created
    readers = {item.key: _reader(item, sites.get(item.site, site)) for item in export.readers}
    stored: dict[str, Comment] = {}
    touched: set[int] = set()
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
            article = _article(source, threads[item.thread_key], language, item, site)
            articles[item.thread_key] = article
        comment = actions.submit(
            article,
            author_name=(" ".join(item.author_name.split()) or ANONYMOUS)[:NAME_MAX],
            author_email=_email(source, item),
            body=item.body,
            parent=parent,
            reader=readers.get(item.reader) if item.reader else None,
            key=key,
            created_at=item.created_at,
        )
        try:
            _carry_over_fate(comment, item, source)
        except actions.DecisionError as error:
            raise ImportFormatError(f"{where}: {error}") from None
        _carry_over_reading(comment, item)
        stored[item.source_id] = comment
        touched.add(article.pk)
        summary.comments += 1
    summary.articles = len(touched)
    for standing in export.standings:
        _standing(standing, readers, source)
    return summary


def _reader(item: records.Reader, site: Site) -> Reader:
    """The site's account with this id there: left as it is, or created as the file says."""
    reader, _created = Reader.objects.get_or_create(
        site=site,
        sub=item.sub,
        defaults={
            "name": item.name[:NAME_MAX],
            "email": item.email,
            "created_at": item.created_at,
            "last_seen_at": item.last_seen_at,
        },
    )
    return reader


def _standing(item: records.Standing, readers: dict[str, Reader], source: str) -> None:
    """A commenter's standing, unless this install already has one for the same commenter
    (the newsroom's own word here stands). Nobody here set it: it names whose it was."""
    reader = readers[item.reader] if item.reader else None
    CommenterStanding.objects.get_or_create(
        scope=item.scope,
        value=item.value,
        reader=reader,
        defaults={
            "standing": item.standing,
            "category": item.category,
            "note": item.note,
            "set_by": None,
            "imported_from": f"{source}: {item.set_by}"[:IMPORTED_FROM_MAX],
            "updated_at": item.updated_at,
        },
    )


def _carry_over_fate(comment: Comment, item: records.Comment, source: str) -> None:
    """The old system's verdict: our own export's decisions one by one, with their dates,
    or else the comment's state there, decided by the import."""
    if item.decisions:
        for decision in item.decisions:
            actor = _decision_actor(source, decision)
            if decision.verdict == "approve":
                actions.approve(
                    comment, actor=actor, note=decision.note, decided_at=decision.created_at
                )
            else:
                actions.reject(
                    comment,
                    actor=actor,
                    categories=decision.categories,
                    note=decision.note,
                    decided_at=decision.created_at,
                )
        return
    actor = actions.Importer(source)
    if item.state == State.APPROVED:
        actions.approve(comment, actor=actor)
    elif item.state == State.SPAM:
        actions.reject(
            comment,
            actor=actor,
            categories=[Category.PROMOTION],
            note=f"marked as spam in {source}",
        )


def _decision_actor(source: str, decision: records.Decision) -> actions.Actor:
    """Who took the decision, as far as this install can say: the machine is the machine
    (its version kept), but a moderator there is nobody here, so their decision is the
    import's, naming them."""
    if decision.actor == "automatic":
        return actions.AutomaticModerator(decision.actor_name[:ACTOR_MAX])
    if decision.actor == "import":
        return actions.Importer(decision.actor_name[:ACTOR_MAX])
    return actions.Importer(f"{source}: {decision.actor_name}"[:ACTOR_MAX])


def _carry_over_reading(comment: Comment, item: records.Comment) -> None:
    """The comment's language and the automatic moderator's assessment, where the file has
    them; an assessed comment needs no assessing again."""
    if item.language and item.language != comment.language:
        Comment.objects.filter(pk=comment.pk).update(language=item.language)
        comment.language = item.language
    if item.assessment is not None:
        CommentAssessment.objects.create(
            comment=comment, sketch=list(sketch(comment.body).bins), **item.assessment
        )
        AssessmentJob.objects.filter(comment=comment).delete()


def _sites(wanted: list[records.Site]) -> dict[str, Site]:
    """The sites our own export names, by key: the file's default site is this install's
    default, whatever its key here; the others are found by key, left as they are, or
    created (with a sign-in secret of their own: the old one is not in the file)."""
    found: dict[str, Site] = {}
    for item in wanted:
        if item.is_default:
            found[item.key] = Site.default()
            continue
        site = Site.objects.filter(key=item.key).first()
        if site is None:
            site = Site(
                key=item.key,
                name=item.name,
                language=item.language,
                auto_register=item.auto_register,
            )
            try:
                site.full_clean(validate_unique=False, validate_constraints=False)
                site.save()
                site.set_origins(list(item.origins))
            except ValidationError as error:
                raise ImportFormatError(f"site {item.key}: {_messages(error)}") from None
        found[item.key] = site
    return found


def _messages(error: ValidationError) -> str:
    return "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
    )


def _whole_article(
    thread: records.Thread, language: str | None, site: Site
) -> tuple[Article, bool]:
    """The article our own export describes: the one of its site with its key, left as it
    is, or a new one just like it. Returns it and whether it is new."""
    found = Article.objects.filter(site=site, key=thread.article_key).first()
    if found is not None:
        return found, False
    article = Article(
        site=site,
        key=thread.article_key,
        title=thread.title,
        byline=thread.byline,
        url=thread.url,
        language=thread.language or language or site.language,
        body=thread.body,
        published_at=thread.created_at or timezone.now(),
        comments_open=thread.comments_open,
    )
    try:
        article.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ImportFormatError(f"article {thread.article_key}: {_messages(error)}") from None
    article.save()
    article.tags.set(Tag.for_names(list(thread.tags)))
    return article, True


def _email(source: str, comment: records.Comment) -> str:
    """The commenter's address, or a placeholder where the file has none that could be
    mailed (old systems took anything), so the comment is kept all the same."""
    if PLACEHOLDER.fullmatch(comment.author_email):
        return comment.author_email
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


def _article(
    source: str, thread: records.Thread, language: str | None, first, site: Site
) -> Article:
    """The thread's article in `site`: one the newsroom already has at the same URL, or the
    one an earlier import created, or a new one."""
    # Isso knows a page by its path alone: a canonical URL needs scheme and host.
    url = thread.url if urlsplit(thread.url).scheme in ("http", "https") else ""
    if url:
        found = Article.objects.filter(site=site, url=url).first()
        if found is not None:
            return found
    key = article_key(source, thread)
    article, _ = Article.objects.get_or_create(
        site=site,
        key=key,
        defaults={
            "title": (" ".join(thread.title.split()) or thread.url or key)[:TITLE_MAX],
            "url": url if len(url) <= URL_MAX else "",
            "language": language or site.language,
            "published_at": thread.created_at or first.created_at or timezone.now(),
        },
    )
    return article
