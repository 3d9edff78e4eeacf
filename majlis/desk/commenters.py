"""The desk's views of commenters and of many comments at once: a commenter's standing and
history, a near-duplicate cluster, and bulk decisions (confirmed, one decision per comment)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from majlis.commenters import actions as commenter_actions
from majlis.commenters import standings
from majlis.commenters.models import Scope, Standing
from majlis.comments import actions
from majlis.comments.models import Category, Comment, Status, Verdict
from majlis.desk.access import moderator_required
from majlis.desk.clusters import cluster_of
from majlis.desk.history import commenter as commenter_key
from majlis.desk.history import histories
from majlis.desk.views import _back
from majlis.escalations.actions import can_see_escalations
from majlis.escalations.models import escalated

BULK_LIMIT = 500
HISTORY_PAGE_SIZE = 50
CARD = ("article__site", "parent", "assessment", "reader")


def standing_choices(comment: Comment) -> dict:
    """What the standing form on a card offers for this comment's commenter."""
    scopes = [(Scope.EMAIL, Scope.EMAIL.label), (Scope.DOMAIN, Scope.DOMAIN.label)]
    if comment.reader_id is not None:
        scopes.insert(0, (Scope.READER, Scope.READER.label))
    return {
        "scopes": scopes,
        "standings": [("", _("No standing")), *Standing.choices],
    }


@moderator_required
@require_POST
def set_standing(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    try:
        row = commenter_actions.set_standing(
            comment,
            scope=request.POST.get("scope", ""),
            standing=request.POST.get("standing", ""),
            category=request.POST.get("category", ""),
            note=request.POST.get("note", ""),
            actor=request.user,
        )
    except commenter_actions.StandingError as error:
        messages.error(request, f"{error.field}: {error}")
        return redirect(_back(request))
    if row is None:
        messages.success(request, _("Standing cleared."))
    else:
        messages.success(
            request,
            _("%(who)s: %(standing)s.")
            % {"who": row.subject, "standing": row.get_standing_display()},
        )
    return redirect(_back(request))


def _mates(comment: Comment):
    """Every comment of `comment`'s commenter, as the desk's history counts them."""
    if comment.reader_id is not None:
        return Comment.objects.filter(reader_id=comment.reader_id)
    return Comment.objects.filter(reader__isnull=True, author_email__iexact=comment.author_email)


def _decidable(user, comments):
    """Pending comments a bulk action may decide: escalated ones only by editors."""
    comments = comments.filter(status=Status.PENDING)
    if not can_see_escalations(user):
        comments = comments.exclude(escalated())
    return comments


@moderator_required
def commenter(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A commenter's history (through one of their comments), standing and pending ones."""
    comment = get_object_or_404(Comment.objects.select_related(*CARD), pk=comment_id)
    theirs = _mates(comment).select_related("article").order_by("-created_at", "-pk")
    page = Paginator(theirs, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    comment.history = histories([comment]).get(commenter_key(comment))
    comment.standing = standings.look_up([comment]).get(comment.pk)
    pending = list(_decidable(request.user, _mates(comment)).values_list("pk", flat=True))
    context = {
        "comment": comment,
        "page": page,
        "pending_ids": pending[:BULK_LIMIT],
        "categories": Category.choices,
        "note_max_length": actions.NOTE_MAX_LENGTH,
        **standing_choices(comment),
    }
    return render(request, "desk/commenter.html", context)


@moderator_required
def cluster(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The pending near-duplicates of a comment: a spam wave, to decide as one."""
    comment = get_object_or_404(Comment.objects.select_related(*CARD), pk=comment_id)
    ids = cluster_of(comment)
    members = list(
        _decidable(request.user, Comment.objects.filter(pk__in=ids))
        .select_related("article")
        .order_by("created_at", "pk")[:BULK_LIMIT]
    )
    context = {
        "comment": comment,
        "members": members,
        "pending_ids": [c.pk for c in members],
        "categories": Category.choices,
        "note_max_length": actions.NOTE_MAX_LENGTH,
    }
    return render(request, "desk/cluster.html", context)


@moderator_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Approve or reject many pending comments: first a confirmation with the count, then
    each decided through `actions`, one logged decision per comment."""
    try:
        ids = sorted({int(i) for i in request.POST.getlist("ids")})[:BULK_LIMIT]
    except ValueError:
        messages.error(request, _("ids: comment numbers only."))
        return redirect(_back(request))
    verdict = request.POST.get("verdict", "")
    categories = request.POST.getlist("categories")
    note = request.POST.get("note", "")
    try:
        if verdict not in Verdict.values:
            raise actions.DecisionError(_("Choose approve or reject."), field="verdict")
        actions.clean_categories(verdict, categories)
        note = actions.clean_note(note)
    except actions.DecisionError as error:
        messages.error(request, str(error))
        return redirect(_back(request))
    chosen = list(
        _decidable(request.user, Comment.objects.filter(pk__in=ids))
        .select_related("article")
        .order_by("created_at", "pk")
    )
    if request.POST.get("confirmed") != "yes":
        context = {
            "comments": chosen,
            "verdict": verdict,
            "categories": categories,
            "category_labels": [Category(c).label for c in categories],
            "note": note,
            "next": request.POST.get("next", ""),
        }
        return render(request, "desk/bulk_confirm.html", context)
    decided = 0
    for comment in chosen:
        if verdict == Verdict.APPROVE:
            done = actions.approve(comment, actor=request.user, note=note, only_if_pending=True)
        else:
            done = actions.reject(
                comment,
                actor=request.user,
                categories=categories,
                note=note,
                only_if_pending=True,
            )
        decided += done is not None
    if verdict == Verdict.APPROVE:
        text = ngettext("%(n)s comment approved.", "%(n)s comments approved.", decided)
    else:
        text = ngettext("%(n)s comment rejected.", "%(n)s comments rejected.", decided)
    messages.success(request, text % {"n": decided})
    return redirect(_back(request))
