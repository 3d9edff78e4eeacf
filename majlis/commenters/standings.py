"""A commenter's standing, looked up for a batch of comments, and what it makes of the
automatic moderator's verdicts.

Which standing counts: the signed-in account's, else the email address's, else the nearest
domain's (`mail.example.org` before `example.org`); the most specific one a moderator set
wins, so one trusted address may sit in a pre-moderated domain. With none of those, an
address at a disposable-mail domain is held.

What each does to the machine's verdict (`apply`):

- banned: rejected, whatever the machine thought, under the ban's category, the ban's
  reason in the logged note;
- always pre-moderate, or a disposable domain: never approved (a clear rejection stands);
- trusted: a comment the policy sent to a person is approved when no guideline category is
  flagged at all (the review came from the machine's own doubt: the language, a language
  without a trained model, the general toxicity gate) and the commenter's record holds the
  site's `trust_after_approvals` approvals and no rejection. Any flagged category, a threat
  or an identity attack above all, still goes to a person; a clear rejection stands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from majlis.articles.models import Article
from majlis.commenters.models import (
    CommenterStanding,
    DisposableDomain,
    Scope,
    Standing,
    domain_and_parents,
    email_domain,
)
from majlis.comments.models import Comment, Status
from majlis.moderation.reasons import Reason

DISPOSABLE = "disposable"
LIST_FILE = Path(__file__).with_name("disposable_domains.txt")
APPROVE, REJECT, REVIEW = "approve", "reject", "review"
# The decision log's limit on a note (actions.NOTE_MAX_LENGTH, which imports this module).
NOTE_LIMIT = 2000


@lru_cache(maxsize=1)
def shipped_disposable_domains() -> frozenset[str]:
    lines = LIST_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(d.strip().lower() for d in lines if d.strip() and not d.startswith("#"))


@dataclass(frozen=True)
class Found:
    """A comment's standing as the desk and the machine read it."""

    standing: str  # a Standing value, or DISPOSABLE
    scope: str  # a Scope value ("domain" for a disposable domain)
    subject: str  # the address, @domain or account id
    note: str = ""
    category: str = ""
    row: CommenterStanding | None = None

    @property
    def reason(self) -> str:
        """One plain sentence for the desk."""
        if self.standing == Standing.BANNED:
            return _("Banned (%(who)s): every new comment is rejected. %(note)s") % {
                "who": self.subject,
                "note": self.note,
            }
        if self.standing == Standing.PREMODERATE:
            return _("Always pre-moderated (%(who)s): never approved automatically.") % {
                "who": self.subject
            }
        if self.standing == Standing.TRUSTED:
            return _("Trusted (%(who)s): approved automatically unless something is flagged.") % {
                "who": self.subject
            }
        return _("Disposable email domain (%(who)s): held for a person.") % {"who": self.subject}

    @property
    def logged_as(self) -> str:
        """How the machine's decision names it in the log: one of its reasons."""
        scope = {"reader": "account", "email": "address", "domain": "domain"}[self.scope]
        if self.standing == Standing.BANNED:
            return Reason("banned_commenter", scope=scope, note=self.note).strip()
        return Reason("trusted_commenter", scope=scope)


def look_up(comments: Sequence[Comment]) -> dict[int, Found]:
    """The standing of each comment's commenter, keyed by comment id: two queries in all."""
    if not comments:
        return {}
    emails = {c.author_email.lower() for c in comments}
    domains = {d for e in emails for d in domain_and_parents(email_domain(e))}
    readers = {c.reader_id for c in comments if c.reader_id is not None}
    rows = CommenterStanding.objects.filter(
        Q(scope=Scope.EMAIL, value__in=emails)
        | Q(scope=Scope.DOMAIN, value__in=domains)
        | Q(scope=Scope.READER, reader_id__in=readers)
    ).select_related("reader")
    by_reader, by_email, by_domain = {}, {}, {}
    for row in rows:
        if row.scope == Scope.READER:
            by_reader[row.reader_id] = row
        elif row.scope == Scope.EMAIL:
            by_email[row.value] = row
        else:
            by_domain[row.value] = row
    added = set(
        DisposableDomain.objects.filter(domain__in=domains).values_list("domain", flat=True)
    )
    disposable = shipped_disposable_domains() | added
    found: dict[int, Found] = {}
    for comment in comments:
        email = comment.author_email.lower()
        chain = domain_and_parents(email_domain(email))
        row = by_reader.get(comment.reader_id) if comment.reader_id is not None else None
        row = (
            row
            or by_email.get(email)
            or next((by_domain[d] for d in chain if d in by_domain), None)
        )
        if row is not None:
            found[comment.pk] = Found(
                row.standing, row.scope, row.subject, row.note, row.category, row
            )
            continue
        throwaway = next((d for d in chain if d in disposable), None)
        if throwaway:
            found[comment.pk] = Found(DISPOSABLE, Scope.DOMAIN, f"@{throwaway}")
    return found


def _records(comments: Iterable[Comment]) -> dict[int, tuple[int, int]]:
    """(approved, rejected) of each comment's commenter, as the desk's history counts them
    (the account's comments, or those posted under the address without one): one query."""
    comments = list(comments)
    if not comments:
        return {}
    readers = {c.reader_id for c in comments if c.reader_id is not None}
    emails = {c.author_email.lower() for c in comments if c.reader_id is None}
    tally = {
        "approved": Count("pk", filter=Q(status=Status.APPROVED)),
        "rejected": Count("pk", filter=Q(status=Status.REJECTED)),
    }
    rows = (
        Comment.objects.annotate(email_key=Lower("author_email"))
        .filter(Q(reader_id__in=readers) | Q(reader__isnull=True, email_key__in=emails))
        .values("reader_id", "email_key")
        .annotate(**tally)
        .order_by()
    )
    by_reader: dict[int, list[int]] = {}
    by_email: dict[str, list[int]] = {}
    for row in rows:
        if row["reader_id"] is not None:
            into = by_reader.setdefault(row["reader_id"], [0, 0])
        else:
            into = by_email.setdefault(row["email_key"], [0, 0])
        into[0] += row["approved"]
        into[1] += row["rejected"]
    records = {}
    for c in comments:
        if c.reader_id is not None:
            counts = by_reader.get(c.reader_id, [0, 0])
        else:
            counts = by_email.get(c.author_email.lower(), [0, 0])
        records[c.pk] = (counts[0], counts[1])
    return records


def _trust_thresholds(comments: Iterable[Comment]) -> dict[int, int]:
    """Each article's site's `trust_after_approvals`, keyed by article id: one query."""
    articles = {c.article_id for c in comments}
    rows = Article.objects.filter(pk__in=articles).values_list("pk", "site__trust_after_approvals")
    return dict(rows)


def apply(
    verdicts: Iterable[tuple[Comment, str, Iterable[str], str]],
) -> list[tuple[Comment, str, list[str], str]]:
    """The machine's verdicts (approve, reject or review) as the commenters' standings make
    them: only approvals and rejections come out. At most four queries whatever the batch."""
    items = [(c, v, list(cats), note) for c, v, cats, note in verdicts]
    standings = look_up([c for c, *_ in items])
    trusted = [
        c
        for c, v, cats, _note in items
        if v == REVIEW
        and not cats
        and getattr(standings.get(c.pk), "standing", "") == Standing.TRUSTED
    ]
    trusted_ids = {c.pk for c in trusted}
    records = _records(trusted) if trusted else {}
    thresholds = _trust_thresholds(trusted) if trusted else {}
    out = []
    for comment, verdict, categories, note in items:
        found = standings.get(comment.pk)
        kind = found.standing if found else None
        if kind == Standing.BANNED:
            out.append((comment, REJECT, [found.category], found.logged_as[:NOTE_LIMIT]))
        elif kind in (Standing.PREMODERATE, DISPOSABLE):
            if verdict == REJECT:
                out.append((comment, verdict, categories, note))
        elif comment.pk in trusted_ids:
            approved, rejected = records.get(comment.pk, (0, 0))
            if rejected == 0 and approved >= thresholds.get(comment.article_id, 0):
                logged = f"{found.logged_as}; {note}" if note else found.logged_as
                out.append((comment, APPROVE, [], logged[:NOTE_LIMIT]))
        elif verdict in (APPROVE, REJECT):
            out.append((comment, verdict, categories, note))
    return out
