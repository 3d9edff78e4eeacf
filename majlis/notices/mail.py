"""The messages commenters receive, in their article's language, text and HTML alike.

Each message is composed where its event happens and stored in the event's transaction
(`outgoing.queue`, the mail outbox); the worker sends it later (`outgoing.send_due`), so
whatever the mail server does, the decision it tells of stands and no message is lost. No
mail goes to an address that unsubscribed
(`Unsubscribed`), except the data link its owner has just asked for on the privacy page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation

from majlis.articles.models import Article
from majlis.comments.models import Category, Comment, Decision, Status, Verdict
from majlis.notices import outgoing
from majlis.notices.links import absolute, appeal_url, privacy_url, unsubscribe_url
from majlis.notices.models import ReplySubscription, Unsubscribed, address_digest


def article_url(article: Article) -> str:
    return absolute(article.get_absolute_url())


def comment_url(comment: Comment) -> str:
    return f"{article_url(comment.article)}?comment={comment.pk}#comment-{comment.pk}"


def decisions(ids: Iterable[int]) -> int:
    """Mail the commenter of each decision, and any commenter an approved reply answers.
    Returns how many messages were queued. It runs in the deciding transaction, so it reads
    what it needs for the whole batch at once: a fixed number of queries whatever its size."""
    found = list(
        Decision.objects.filter(pk__in=list(ids))
        .exclude(imported_from__gt="")
        .exclude(comment__status=Status.WITHDRAWN)
        .select_related("comment__article__site", "comment__parent", "appeal_outcome")
        .order_by("pk")
    )
    if not found:
        return 0
    known = _Known.of(found)
    return outgoing.queue(m for decision in found for m in _messages_for(decision, known))


@dataclass
class _Known:
    """What the messages of a batch of decisions depend on, read in one query each."""

    unsubscribed: set[str]  # digests
    appealed: set[int]  # comments
    subscribed: set[int]  # comments whose author asked to hear of replies
    approvals: dict[int, int]  # comment: how many approvals it has had

    @classmethod
    def of(cls, found: list[Decision]) -> _Known:
        from majlis.appeals.models import Appeal

        comments = [d.comment for d in found]
        parents = [c.parent for c in comments if c.parent is not None]
        digests = {address_digest(c.author_email) for c in [*comments, *parents]}
        ids = [c.pk for c in comments]
        approvals = (
            Decision.objects.filter(comment_id__in=ids, verdict=Verdict.APPROVE)
            .values("comment_id")
            .annotate(n=Count("pk"))
        )
        return cls(
            unsubscribed=set(
                Unsubscribed.objects.filter(digest__in=digests).values_list("digest", flat=True)
            ),
            appealed=set(
                Appeal.objects.filter(comment_id__in=ids).values_list("comment_id", flat=True)
            ),
            subscribed=set(
                ReplySubscription.objects.filter(
                    comment_id__in=[p.pk for p in parents]
                ).values_list("comment_id", flat=True)
            ),
            approvals={row["comment_id"]: row["n"] for row in approvals},
        )

    def wants_mail(self, email: str) -> bool:
        return address_digest(email) not in self.unsubscribed


def _messages_for(decision: Decision, known: _Known) -> list[tuple[str, EmailMultiAlternatives]]:
    # An imported verdict is history (left out above), as is a withdrawn comment.
    comment = decision.comment
    messages = []
    if known.wants_mail(comment.author_email):
        messages.append(_decision_message(decision, comment, known))
    if decision.verdict == Verdict.APPROVE:
        reply_notice = _reply_message(comment, known)
        if reply_notice:
            messages.append(("reply", reply_notice))
    return messages


def _decision_message(
    decision: Decision, comment: Comment, known: _Known
) -> tuple[str, EmailMultiAlternatives]:
    appeal = getattr(decision, "appeal_outcome", None) if _has_appeal_outcome(decision) else None
    may_appeal = (
        decision.verdict == Verdict.REJECT and appeal is None and comment.pk not in known.appealed
    )
    labels = dict(Category.choices)
    context = {
        "comment": comment,
        "article": comment.article,
        "decision": decision,
        "automatic": decision.is_automatic,
        "categories": [labels.get(c, c) for c in decision.categories],
        "article_url": article_url(comment.article),
        "comment_url": comment_url(comment),
        "appeal": appeal,
        "appeal_url": appeal_url(decision.pk) if may_appeal else "",
    }
    template = "published" if decision.verdict == Verdict.APPROVE else "rejected"
    return template, compose(comment.author_email, comment.article.language, template, context)


def _has_appeal_outcome(decision: Decision) -> bool:
    try:
        decision.appeal_outcome  # noqa: B018 - the reverse one-to-one may be missing
    except Decision.appeal_outcome.RelatedObjectDoesNotExist:
        return False
    return True


def _reply_message(reply: Comment, known: _Known) -> EmailMultiAlternatives | None:
    parent = reply.parent
    if parent is None or parent.status != Status.APPROVED:
        return None
    if parent.pk not in known.subscribed:
        return None
    # Once per reply (a reply approved, rejected and approved again is news once), never for
    # one's own reply, never to an address that unsubscribed.
    if known.approvals.get(reply.pk, 0) > 1:
        return None
    if reply.author_email.lower() == parent.author_email.lower():
        return None
    if not known.wants_mail(parent.author_email):
        return None
    context = {
        "comment": parent,
        "reply": reply,
        "article": reply.article,
        "reply_url": comment_url(reply),
    }
    return compose(parent.author_email, reply.article.language, "reply", context)


def notice_received(report) -> int:
    """Acknowledge a notice of illegal content to its sender, with its reference (DSA art.
    16(4)). Sent even to an address that unsubscribed: they asked for it just now."""
    if not report.is_notice or not report.notifier_email:
        return 0
    comment = report.comment
    context = {
        "report": report,
        "comment": comment,
        "article": comment.article,
        "comment_url": comment_url(comment),
    }
    message = compose(report.notifier_email, comment.article.language, "notice_received", context)
    return outgoing.queue([("notice_received", message)])


def notices_decided(resolution, report_ids: Iterable[int]) -> int:
    """Tell the sender of each notice among these reports how it was decided, with the
    statement of reasons and the redress open to them (DSA art. 16(5))."""
    from majlis.reports.models import Outcome, Reason, Report

    notices = (
        Report.objects.filter(pk__in=list(report_ids), reason=Reason.ILLEGAL)
        .exclude(notifier_email="")
        .select_related("comment__article")
        .order_by("pk")
    )
    decision = resolution.decision
    labels = dict(Category.choices)
    messages = []
    for report in notices:
        if Unsubscribed.objects.includes(report.notifier_email):
            continue
        comment = report.comment
        context = {
            "report": report,
            "comment": comment,
            "article": comment.article,
            "upheld": resolution.outcome == Outcome.UPHELD,
            "categories": [labels.get(c, c) for c in (decision.categories if decision else [])],
            "automatic": False,  # only a moderator resolves reports
        }
        language = comment.article.language
        message = compose(report.notifier_email, language, "notice_decided", context)
        messages.append(("notice_decided", message))
    return outgoing.queue(messages)


def privacy_link(email: str, language: str) -> int:
    """Mail `email` the link to its comments' data (asked for on the privacy page)."""
    context = {"data_url": privacy_url(email), "hours": settings.MAJLIS_MAIL["PRIVACY_LINK_HOURS"]}
    return outgoing.queue([("privacy", compose(email, language, "privacy", context))])


def compose(to: str, language: str, template: str, context: dict) -> EmailMultiAlternatives:
    """A message from `notices/<template>` (_subject.txt, .txt, .html) in `language`, with
    the one-click unsubscribe of RFC 8058 in its headers and a link to it in its text."""
    unsubscribe = unsubscribe_url(to)
    context = {**context, "unsubscribe_url": unsubscribe}
    with translation.override(language):
        subject = " ".join(render_to_string(f"notices/{template}_subject.txt", context).split())
        text = render_to_string(f"notices/{template}.txt", context)
        html = render_to_string(f"notices/{template}.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
