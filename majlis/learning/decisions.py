"""What a site's moderators decided: the labels a learned model learns from.

People's decisions only. The machine's own are left out, or a model would learn to agree
with itself (a comment the machine approved and nobody looked at says nothing about what a
person would have done); a person's decision that overturned the machine's is exactly what
it should learn. Decisions imported from another platform (Disqus, WordPress, …) are left
out too: "published" there is the platform's default and "spam" mostly its filter's, not a
person's judgement. Those a moderator took on another Majlis install (`majlis import
majlis`, logged as "majlis: USERNAME") are people's decisions and count.

For each comment the latest such decision is its label: reject = 1, approve = 0, at the
time it was taken, with the guideline categories a rejection named; its language is the
comment's (as detected), its site its article's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from majlis.comments.models import Decision, Verdict
from majlis.sites.models import Site

#: The most decisions per language a run reads (the newest): enough for any head, and a
#: bound on a big site's learning time and memory.
MAX_DECISIONS = 50_000

#: The imported decisions that were a person's: moderators on another Majlis install.
PEOPLE_ELSEWHERE = "majlis: "


def people() -> Q:
    return Q(moderator__isnull=False) | Q(imported_from__startswith=PEOPLE_ELSEWHERE)


def people_decisions(site: Site) -> QuerySet[Decision]:
    return Decision.objects.filter(people(), comment__article__site=site)


@dataclass(frozen=True)
class Example:
    comment_id: int
    text: str
    language: str
    rejected: int  # 1 rejected, 0 approved
    decided_at: datetime
    # The guideline categories a rejection named (none for an approval).
    categories: tuple[str, ...] = ()


def examples(site: Site, language: str | None = None) -> dict[str, list[Example]]:
    """Per language, the site's comments with a person's decision, oldest decision first."""
    rows = people_decisions(site)
    if language:
        rows = rows.filter(comment__language=language)
    latest: dict[int, Example] = {}
    for comment_id, verdict, decided_at, text, comment_language, categories in (
        rows.order_by("comment_id", "created_at", "pk")
        .values_list(
            "comment_id",
            "verdict",
            "created_at",
            "comment__body",
            "comment__language",
            "categories",
        )
        .iterator(chunk_size=2000)
    ):
        rejected = verdict == Verdict.REJECT
        # Ordered by time within each comment: the last one seen is the latest decision.
        latest[comment_id] = Example(
            comment_id,
            text,
            comment_language or "other",
            int(rejected),
            decided_at,
            tuple(categories or ()) if rejected else (),
        )
    by_language: dict[str, list[Example]] = {}
    for example in sorted(latest.values(), key=lambda e: (e.decided_at, e.comment_id)):
        by_language.setdefault(example.language, []).append(example)
    return {lang: found[-MAX_DECISIONS:] for lang, found in by_language.items()}


def counts(found: list[Example]) -> Counter:
    return Counter("rejected" if e.rejected else "approved" for e in found)
