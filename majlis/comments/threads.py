"""One definition of a page of a thread, for the article page and the API alike.

A page holds `size` top-level comments, oldest or newest first, each followed by all its
published replies, depth first and oldest first under their parent. A reply whose parent was
later rejected stands at the top level rather than vanishing. Whatever the thread's size, a
page costs the same few queries: the counts, the page's top-level comments, and their
replies in one recursive query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet

from majlis.articles.models import Article
from majlis.comments.models import Comment, Status

ORDERS = ("oldest", "newest")
# What a public reader sees of a comment; nothing else is read.
FIELDS = ("id", "parent_id", "author_name", "body", "language", "created_at", "article_id")
# Approved, and either top-level or orphaned by a parent no longer published.
_TOP_LEVEL = Q(parent__isnull=True) | ~Q(parent__status=Status.APPROVED)


@dataclass(frozen=True)
class Entry:
    """A comment in reading order, with what a flat loop needs to nest it."""

    comment: Comment
    depth: int
    has_replies: bool
    # How many reply lists end right after this comment (none if it opens its own).
    closes: int


@dataclass(frozen=True)
class ThreadPage:
    entries: list[Entry]
    number: int
    size: int
    order: str
    threads: int  # top-level comments on all pages
    total: int  # approved comments on all pages

    @property
    def pages(self) -> int:
        return max(1, -(-self.threads // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def top_level(article: Article) -> QuerySet[Comment]:
    return Comment.objects.approved().filter(_TOP_LEVEL, article=article)


def _ordering(order: str) -> tuple[str, str]:
    return ("-created_at", "-pk") if order == "newest" else ("created_at", "pk")


def thread_page(article: Article, number: int, *, size: int, order: str = "oldest") -> ThreadPage:
    """Page `number` (from 1) of the article's published thread; past the end, no entries."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}")
    counts = (
        Comment.objects.approved()
        .filter(article=article)
        .aggregate(total=Count("pk"), threads=Count("pk", filter=_TOP_LEVEL))
    )
    start = (number - 1) * size
    roots = []
    # Past the end there is nothing to read, and an offset too large for the database's
    # integers must not reach it.
    if start < counts["threads"]:
        ordered = top_level(article).order_by(*_ordering(order)).only(*FIELDS)
        roots = list(ordered[start : start + size])
    entries = _reading_order(roots, _replies_to(roots))
    return ThreadPage(entries, number, size, order, counts["threads"], counts["total"])


def page_of(article: Article, comment_id: int, *, size: int, order: str = "oldest") -> int | None:
    """The page on which a published comment of this article appears, or None."""
    published = Comment.objects.approved().filter(article=article)
    published = published.only("pk", "parent_id", "created_at")
    comment = published.filter(pk=comment_id).first()
    if comment is None:
        return None
    # Climb to the top-level comment it hangs under: a few short queries, one per level.
    while comment.parent_id:
        parent = published.filter(pk=comment.parent_id).first()
        if parent is None:
            break
        comment = parent
    root = comment
    if order == "newest":
        before = Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
    else:
        before = Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    return top_level(article).filter(before).count() // size + 1


# The page's top-level comments are the seeds; each step adds the published replies to the
# comments found so far. Replies are never re-parented, so the walk always ends.
_DESCENDANTS = (
    "WITH RECURSIVE tree(id) AS ("
    " SELECT id FROM {table} WHERE id IN ({seeds})"
    " UNION ALL"
    " SELECT r.id FROM {table} r JOIN tree ON r.parent_id = tree.id WHERE r.status = %s"
    ") SELECT {columns} FROM {table} c JOIN tree ON c.id = tree.id WHERE c.id NOT IN ({seeds})"
)


def _replies_to(roots: list[Comment]) -> list[Comment]:
    """Every published reply under these comments, at any depth, in one recursive query."""
    if not roots:
        return []
    table = connection.ops.quote_name(Comment._meta.db_table)
    columns = ", ".join(f"c.{connection.ops.quote_name(name)}" for name in FIELDS)
    seeds = ", ".join(["%s"] * len(roots))
    # Only names from the model and placeholders go into the text; every value is a parameter.
    sql = _DESCENDANTS.format(table=table, columns=columns, seeds=seeds)
    ids = [r.pk for r in roots]
    return list(Comment.objects.raw(sql, [*ids, Status.APPROVED, *ids]))


def _reading_order(roots: list[Comment], replies: list[Comment]) -> list[Entry]:
    children: dict[int, list[Comment]] = defaultdict(list)
    for reply in replies:
        children[reply.parent_id].append(reply)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c.created_at, c.pk))
    # Depth first with an explicit stack: a long chain of replies must not hit Python's
    # recursion limit.
    walk: list[tuple[Comment, int]] = []
    stack = [(root, 0) for root in reversed(roots)]
    while stack:
        comment, depth = stack.pop()
        walk.append((comment, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(comment.pk, ())))
    entries = []
    for i, (comment, depth) in enumerate(walk):
        following = walk[i + 1][1] if i + 1 < len(walk) else 0
        has_replies = following > depth
        entries.append(Entry(comment, depth, has_replies, 0 if has_replies else depth - following))
    return entries
