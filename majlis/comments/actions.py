"""Every change to a comment's fate goes through here: the desk, the admin, the API and the
automatic moderator all call `submit`, `approve` and `reject`, never the models directly."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from majlis.accounts.models import User
from majlis.articles.models import Article
from majlis.commenters import standings
from majlis.comments.models import Category, Comment, Decision, Status, Verdict, Withdrawal
from majlis.comments.signals import comment_stored
from majlis.escalations.models import escalated
from majlis.lib.text import unstorable_reason
from majlis.notices import events as notices
from majlis.reports.models import Outcome, Report, ReportResolution
from majlis.webhooks import events as webhooks

if TYPE_CHECKING:
    from majlis.appeals.models import Appeal
    from majlis.readers.models import Reader

# A note explains a decision to colleagues: a paragraph or two, not a document.
NOTE_MAX_LENGTH = 2000


class DecisionError(ValueError):
    """A decision that cannot be taken, with a message for the person who tried, and the
    input it is about (the API names it)."""

    def __init__(self, message: str, *, field: str = "reasons") -> None:
        super().__init__(message)
        self.field = field


class KeyReused(ValueError):
    """An idempotency key already used for a different comment or decision."""


def submission_key(*parts: str) -> str:
    """The digest stored for a keyed submission: its scope and key, never the key itself."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class AutomaticModerator:
    """The machine as an actor: decisions it takes carry its version."""

    version: str

    def __str__(self) -> str:
        return f"automatic moderator {self.version}"


@dataclass(frozen=True)
class Importer:
    """`majlis import` as an actor: the old system's verdict, carried over with its comment."""

    source: str

    def __str__(self) -> str:
        return f"import from {self.source}"


Actor = User | AutomaticModerator | Importer


def client_hash(address: str | None) -> str:
    if not address:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def submit(
    article: Article,
    *,
    author_name: str,
    author_email: str,
    body: str,
    parent: Comment | None = None,
    reader: Reader | None = None,
    client_address: str | None = None,
    key: str | None = None,
    created_at: datetime | None = None,
    notify_replies: bool = False,
) -> Comment:
    """Store a reader's comment as pending, in one transaction. Inputs are already valid.

    `reader` is the newsroom's account that posted it, when the reader was signed in; the
    name and email are then that account's. `created_at` is for imports only: a comment
    brought from another system keeps its date, and is history rather than news, so no
    webhook hears of it. With `notify_replies`, the commenter is mailed when a reply to it
    is approved.

    With `key` (from `submission_key`), a repeat of an earlier submission returns the comment
    it stored, whatever has become of it since, and stores nothing; two repeats racing each
    other meet at the unique key. A key already used for another comment is `KeyReused`.
    """
    written = {
        "article": article,
        "parent": parent,
        "author_name": author_name,
        "author_email": author_email,
        "body": body,
        "reader": reader,
    }
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                **written,
                language=article.language,
                client_hash=client_hash(client_address),
                submission_key=key,
                created_at=created_at or timezone.now(),
            )
            comment_stored.send(sender=Comment, comment=comment)
            if notify_replies:
                notices.subscribe_to_replies(comment)
            if created_at is None:
                webhooks.comment_created(comment)
    except IntegrityError:
        earlier = Comment.objects.filter(submission_key=key).first() if key else None
        if earlier is None:
            raise
        if any(getattr(earlier, name) != value for name, value in written.items()):
            raise KeyReused("this key was already used for another comment") from None
        return earlier
    return comment


def approve(
    comment: Comment,
    *,
    actor: Actor,
    note: str = "",
    only_if_pending: bool = False,
    key: str | None = None,
    decided_at: datetime | None = None,
):
    return _decide(
        comment,
        Verdict.APPROVE,
        actor=actor,
        categories=(),
        note=note,
        only_if_pending=only_if_pending,
        key=key,
        decided_at=decided_at,
    )


def reject(
    comment: Comment,
    *,
    actor: Actor,
    categories: Iterable[str],
    note: str = "",
    only_if_pending: bool = False,
    key: str | None = None,
    decided_at: datetime | None = None,
):
    return _decide(
        comment,
        Verdict.REJECT,
        actor=actor,
        categories=categories,
        note=note,
        only_if_pending=only_if_pending,
        key=key,
        decided_at=decided_at,
    )


def clean_categories(verdict: str, categories: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(categories))
    unknown = [c for c in chosen if c not in Category.values]
    if unknown:
        raise DecisionError(f"unknown guideline categories: {', '.join(unknown)}")
    if verdict == Verdict.REJECT and not chosen:
        raise DecisionError("a rejection needs at least one guideline category")
    if verdict == Verdict.APPROVE and chosen:
        raise DecisionError("an approval cites no guideline categories")
    return chosen


def clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise DecisionError(
            f"a note has at most {NOTE_MAX_LENGTH} characters (this one has {len(note)})",
            field="note",
        )
    reason = unstorable_reason(note)
    if reason:
        raise DecisionError(f"note: {reason}", field="note")
    return note


@transaction.atomic
def _decide(
    comment: Comment,
    verdict: Verdict,
    *,
    actor: Actor,
    categories: Iterable[str],
    note: str,
    only_if_pending: bool,
    key: str | None = None,
    decided_at: datetime | None = None,
    again: bool = False,
    tell: bool = True,
) -> Decision | None:
    """Append a decision and set the comment's status to match.

    A decision may overturn an earlier one; both stay in the log. Repeating the verdict the
    comment already has records nothing (a double click is not a second decision). With
    `only_if_pending`, a comment someone already decided is left alone: the automatic
    moderator never overrides a person. Returns the new decision, or None if nothing changed.

    With `key` (from `submission_key`), a repeat returns the decision the key first logged,
    even if another has overturned it since, and logs nothing: repeats wait for each other on
    the comment's row lock, so the second one finds the first one's decision.

    `decided_at` is for imports only, as `submit`'s `created_at`: a decision carried over
    from another install keeps its date. The thread is marked changed now all the same.

    `again` logs the decision even if the comment already has its verdict: an appeal's
    outcome (`decide_appeal`) is a decision of its own, whether it upholds or overturns.
    A withdrawn comment is decided on no more. Without `tell`, the caller tells webhooks and
    mail itself (`_tell`), once what the mail says of the decision is stored too.
    """
    chosen = clean_categories(verdict, categories)
    note = clean_note(note)
    if isinstance(actor, User):
        if not actor.can_moderate:
            raise DecisionError("only moderators decide on comments")
        who = {"moderator": actor}
    elif isinstance(actor, Importer):
        who = {"imported_from": actor.source}
    else:
        who = {"automatic_version": actor.version}

    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.is_withdrawn:
        raise DecisionError("its author withdrew this comment", field="comment")
    earlier = Decision.objects.filter(idempotency_key=key).first() if key else None
    if earlier is not None:
        same = (earlier.comment_id, earlier.verdict, earlier.categories, earlier.note) == (
            locked.pk,
            verdict,
            chosen,
            note,
        )
        if not same:
            raise KeyReused("this key was already used for another decision")
        comment.status = locked.status
        return earlier
    new_status = Status.APPROVED if verdict == Verdict.APPROVE else Status.REJECTED
    if (locked.status == new_status and not again) or (only_if_pending and not locked.is_pending):
        comment.status = locked.status
        return None

    now = timezone.now()
    decision = Decision.objects.create(
        comment=locked,
        verdict=verdict,
        categories=chosen,
        note=note,
        created_at=decided_at or now,
        idempotency_key=key,
        **who,
    )
    was_published = locked.status == Status.APPROVED
    locked.status = new_status
    locked.decided_at = decided_at or now
    locked.save(update_fields=["status", "decided_at"])
    if was_published or new_status == Status.APPROVED:
        _published_threads_changed({locked.article_id}, now)
    comment.status, comment.decided_at = locked.status, locked.decided_at
    # An imported verdict (the import's own, or one carried over with its date) is history,
    # as its comment is: no webhook hears of it.
    if tell and decided_at is None and not isinstance(actor, Importer):
        if Comment.article.is_cached(comment):
            locked.article = comment.article
        _tell([(locked, decision)])
    return decision


def _tell(decided: list[tuple[Comment, Decision]]) -> None:
    """Queue the webhooks' deliveries and the commenters' mail of these new decisions, in the
    deciding transaction (both are outboxes: a rolled-back decision sends nothing)."""
    webhooks.comments_decided(decided)
    notices.comments_decided([decision for _comment, decision in decided])


def decide_automatically(
    verdicts: Iterable[tuple[Comment, str, Iterable[str], str]], *, actor: AutomaticModerator
) -> int:
    """The automatic moderator's decisions on a batch: (comment, verdict, categories, note).

    The verdict is "approve", "reject" or "review" (the policy asks a person); the
    commenters' standings then decide what is taken (`majlis.commenters.standings.apply`:
    a ban rejects, pre-moderation holds, trust may approve a review). Each is taken as
    `approve` / `reject` with `only_if_pending` would take it (a comment that is no longer
    pending is left alone), all in one transaction and a fixed number of queries whatever
    the batch's size. Returns how many decisions were logged.
    """
    verdicts = [
        (comment, verdict, clean_categories(verdict, categories), note)
        if verdict != standings.REVIEW
        else (comment, verdict, list(categories), note)
        for comment, verdict, categories, note in verdicts
    ]
    wanted = [
        (comment, Verdict(verdict), clean_categories(verdict, categories), clean_note(note))
        for comment, verdict, categories, note in standings.apply(verdicts)
    ]
    if not wanted:
        return 0
    with transaction.atomic():
        pending = set(
            Comment.objects.select_for_update()
            .filter(pk__in=[c.pk for c, *_ in wanted], status=Status.PENDING)
            # A comment a moderator sent up to an editor waits for the editor.
            .exclude(escalated())
            .values_list("pk", flat=True)
        )
        taken = [item for item in wanted if item[0].pk in pending]
        now = timezone.now()
        decisions = Decision.objects.bulk_create(
            Decision(
                comment_id=comment.pk,
                verdict=verdict,
                categories=categories,
                note=note,
                created_at=now,
                automatic_version=actor.version,
            )
            for comment, verdict, categories, note in taken
        )
        for verdict, status in (
            (Verdict.APPROVE, Status.APPROVED),
            (Verdict.REJECT, Status.REJECTED),
        ):
            chosen = [c for c, v, *_ in taken if v == verdict]
            if chosen:
                Comment.objects.filter(pk__in=[c.pk for c in chosen]).update(
                    status=status, decided_at=now
                )
            for comment in chosen:
                comment.status, comment.decided_at = status, now
        # Only pending comments are decided here, so only approvals change a public thread.
        approved = {c.article_id for c, v, *_ in taken if v == Verdict.APPROVE}
        if approved:
            _published_threads_changed(approved, now)
        _tell([(c, d) for (c, *_), d in zip(taken, decisions, strict=True)])
    return len(taken)


@transaction.atomic
def decide_appeal(
    appeal: Appeal,
    verdict: str,
    *,
    actor: User,
    categories: Iterable[str] = (),
    note: str = "",
) -> Decision:
    """A person's decision on an appeal: logged as a new decision (even one that upholds the
    rejection), and the appeal closed with it.

    Only a person decides, and not the one who took the rejection appealed against: a second
    look is someone else's look.
    """
    from majlis.appeals.models import Appeal

    locked = Appeal.objects.select_for_update().select_related("decision").get(pk=appeal.pk)
    if not locked.is_open:
        raise DecisionError("this appeal was already decided", field="appeal")
    if not isinstance(actor, User):
        raise DecisionError("a person decides on an appeal", field="appeal")
    if locked.decision.moderator_id == actor.pk:
        raise DecisionError(
            "you took the decision appealed against: another moderator decides the appeal",
            field="appeal",
        )
    decision = _decide(
        locked.comment,
        Verdict(verdict),
        actor=actor,
        categories=categories,
        note=note,
        only_if_pending=False,
        again=True,
        tell=False,
    )
    locked.outcome = decision
    locked.save(update_fields=["outcome"])
    appeal.outcome = decision
    # Told once the appeal is closed with it: the commenter's mail gives the appeal's outcome.
    _tell([(decision.comment, decision)])
    return decision


@transaction.atomic
def withdraw(email: str) -> int:
    """Withdraw every comment written under `email`, at its author's request: each leaves
    every public page, its text, name and email are erased (the trigger allows this one
    change), and a `Withdrawal` records that it happened. Their appeals' notes go too, and
    the name and email of their signed-in accounts (the account stays, as their comments'
    rows point at it; a later sign-in brings what its token says). Replies by others stay.
    Returns how many comments were withdrawn.
    """
    from majlis.appeals.models import Appeal
    from majlis.readers.models import Reader

    Reader.objects.filter(email__iexact=email).update(name="", email="")
    theirs = Comment.objects.by_email(email).exclude(status=Status.WITHDRAWN)
    comments = list(theirs.select_for_update().only("pk", "article_id", "status"))
    if not comments:
        return 0
    ids = [c.pk for c in comments]
    published = {c.article_id for c in comments if c.status == Status.APPROVED}
    Comment.objects.filter(pk__in=ids).erase()
    Withdrawal.objects.bulk_create(Withdrawal(comment_id=pk) for pk in ids)
    Appeal.objects.filter(comment_id__in=ids).update(note="")
    notices.forget_comments(ids)
    if published:
        _published_threads_changed(published, timezone.now())
    return len(ids)


def _published_threads_changed(article_ids: set[int], now) -> None:
    """Mark these articles' published threads as changed, in the deciding transaction.

    The articles' cached pages and JSON are keyed on this, so the next read after the commit
    renders them afresh. Rejecting a pending comment changes nothing public: callers leave
    its article's cache alone.
    """
    Article.objects.filter(pk__in=article_ids).update(comments_changed_at=now)


# Reports by readers --------------------------------------------------------------------------


class NotReportable(ValueError):
    """A report on a comment that is not published: only what readers can see is reported."""


def report(
    comment: Comment,
    *,
    reason: str,
    reporter: str,
    note: str = "",
    reader: Reader | None = None,
    client_address: str | None = None,
    notifier_name: str = "",
    notifier_email: str = "",
    good_faith: bool = False,
    concerns_child_abuse: bool = False,
):
    """Store a reader's report of a published comment. Inputs are already valid (see
    `majlis.reports.forms.ReportFields`); `reporter` comes from `reports.models.reporter_key`.

    Returns (report, created). A reporter's second report of the same comment stores nothing
    and returns their first: once per reader per comment, whatever its reason.
    """
    if not Comment.objects.filter(pk=comment.pk, status=Status.APPROVED).exists():
        raise NotReportable("only published comments can be reported")
    earlier = Report.objects.filter(comment=comment, reporter=reporter).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            stored = Report.objects.create(
                comment=comment,
                reason=reason,
                reporter=reporter,
                note=note,
                reader=reader,
                client_hash=client_hash(client_address),
                notifier_name=notifier_name,
                notifier_email=notifier_email,
                good_faith=good_faith,
                concerns_child_abuse=concerns_child_abuse,
            )
            notices.report_received(stored)
            return stored, True
    except IntegrityError:
        # The same reporter twice at once: the other request stored it.
        earlier = Report.objects.filter(comment=comment, reporter=reporter).first()
        if earlier is None:
            raise
        return earlier, False


def _resolving(actor: Actor, comment: Comment):
    """The comment's open reports, locked with the comment, for a moderator to resolve."""
    if not isinstance(actor, User) or not actor.can_moderate:
        raise DecisionError("only moderators resolve reports", field="reports")
    Comment.objects.select_for_update().get(pk=comment.pk)
    reports = Report.objects.select_for_update().filter(comment=comment).open()
    if not reports.exists():
        raise DecisionError("this comment has no open reports", field="reports")
    return reports


@transaction.atomic
def uphold_reports(comment: Comment, *, actor: User, categories: Iterable[str], note: str = ""):
    """The reports are right: reject the comment for `categories`, as `reject` does (logged
    as a Decision), and resolve its open reports with a `ReportResolution` naming it.

    A comment someone rejected meanwhile stays rejected; its reports are resolved with that
    rejection."""
    reports = _resolving(actor, comment)
    decision = reject(comment, actor=actor, categories=categories, note=note)
    if decision is None:
        decision = comment.decisions.filter(verdict=Verdict.REJECT).first()
    resolution = ReportResolution.objects.create(
        comment=comment,
        outcome=Outcome.UPHELD,
        moderator=actor,
        decision=decision,
        note=clean_note(note),
    )
    return _resolve(reports, resolution)


@transaction.atomic
def dismiss_reports(comment: Comment, *, actor: User, note: str = ""):
    """The reports are wrong: the comment stays as it is (no Decision: its fate does not
    change); its open reports are resolved with a `ReportResolution` the desk logs."""
    note = clean_note(note)
    reports = _resolving(actor, comment)
    resolution = ReportResolution.objects.create(
        comment=comment, outcome=Outcome.DISMISSED, moderator=actor, note=note
    )
    return _resolve(reports, resolution)


def _resolve(reports, resolution):
    """Close the open reports with `resolution`; the senders of notices among them are told."""
    ids = list(reports.values_list("pk", flat=True))
    Report.objects.filter(pk__in=ids).update(resolution=resolution)
    notices.reports_resolved(resolution, ids)
    return resolution
