"""Arranging a flat list of approved comments into threads."""

from __future__ import annotations

from dataclasses import dataclass, field

from majlis.comments.models import Comment


@dataclass
class Thread:
    comment: Comment
    replies: list[Thread] = field(default_factory=list)


def build_threads(comments: list[Comment], *, newest_first: bool = False) -> list[Thread]:
    """Top-level threads in the requested order; replies always oldest first.

    A reply whose parent is not in the list (its parent was later rejected) stands at the
    top level rather than vanishing.
    """
    nodes = {c.pk: Thread(c) for c in comments}
    roots: list[Thread] = []
    for c in comments:
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent.replies if parent else roots).append(nodes[c.pk])
    if newest_first:
        roots.reverse()
    return roots
