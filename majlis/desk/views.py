"""The moderator's desk: the queue of pending comments, decisions, and the decision log."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majlis.articles.models import Article
from majlis.commenters import standings
from majlis.comments import actions
from majlis.comments.models import Category, Comment, Decision, Status, Verdict
from majlis.desk.access import moderator_required
from majlis.desk.clusters import cluster_of, cluster_sizes
from majlis.desk.history import commenter, histories
from majlis.desk.search import QUERY_MAX_LENGTH, search
from majlis.escalations.actions import can_see_escalations
from majlis.escalations.models import awaiting, escalated
from majlis.moderation.models import QUEUE_ORDERS, overdue_comments

QUEUE_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    # Escalated comments wait for an editor in their own queue.
    comments = awaiting("pending").select_related("article__site", "parent", "assessment", "reader")
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    comments = search(comments, query)
    article_key = request.GET.get("article", "")
    language = request.GET.get("language", "")
    order = request.GET.get("order", "")
    if order not in QUEUE_ORDERS:
        order = ""
    if article_key:
        comments = comments.filter(article__key=article_key)
    if language:
        comments = comments.filter(language=language)
    comments = comments.order_by(*QUEUE_ORDERS[order or "oldest"])

    page = Paginator(comments, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page)
    known = histories(items, exclude={c.pk for c in items})
    found = standings.look_up(items)
    sizes = cluster_sizes(items)
    for comment in items:
        comment.history = known.get(commenter(comment))
        comment.standing = found.get(comment.pk)
        comment.cluster_size = sizes.get(comment.pk, 0)
    filters = {
        k: v
        for k, v in (
            ("q", query),
            ("article", article_key),
            ("language", language),
            ("order", order),
        )
        if v
    }
    context = {
        "page": page,
        "items": items,
        "pending_count": awaiting("pending").count(),
        "overdue_count": overdue_comments().count(),
        "orders": [
            ("", _("Oldest first")),
            ("newest", _("Newest first")),
            ("risk", _("Riskiest first")),
            ("safest", _("Safest first")),
        ],
        "articles": Article.objects.filter(comments__status=Status.PENDING).distinct(),
        "languages": settings.LANGUAGES,
        "categories": Category.choices,
        "note_max_length": actions.NOTE_MAX_LENGTH,
        "filters": filters,
        "query": urlencode(filters),
        "compact": request.session.get("desk_compact", False),
    }
    return render(request, "desk/queue.html", context)


@moderator_required
@require_POST
def decide(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    verdict = request.POST.get("verdict", "")
    note = request.POST.get("note", "")
    try:
        if not can_see_escalations(request.user) and (
            Comment.objects.filter(pk=comment.pk).filter(escalated()).exists()
        ):
            raise actions.DecisionError(_("This comment is with an editor."), field="comment")
        if verdict == Verdict.APPROVE:
            actions.approve(comment, actor=request.user, note=note)
        elif verdict == Verdict.REJECT:
            categories = request.POST.getlist("categories")
            actions.reject(comment, actor=request.user, categories=categories, note=note)
        else:
            raise actions.DecisionError(_("Choose approve or reject."))
    except actions.DecisionError as error:
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"detail": str(error)}, status=400)
        messages.error(request, str(error))
        return redirect(_back(request))

    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"id": comment.pk, "status": comment.status})
    messages.success(
        request,
        _("Comment #%(id)s: %(status)s.")
        % {"id": comment.pk, "status": comment.get_status_display()},
    )
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "desk:queue"


@moderator_required
def log(request: HttpRequest) -> HttpResponse:
    decisions = Decision.objects.select_related("comment", "comment__article", "moderator")
    # Who decided: people or the automatic moderator, whose decisions are audited here.
    actor = request.GET.get("actor", "")
    if actor == "automatic":
        decisions = decisions.exclude(automatic_version="")
    elif actor == "people":
        decisions = decisions.filter(moderator__isnull=False)
    else:
        actor = ""
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    decisions = search(decisions, query, prefix="comment__")
    verdict = request.GET.get("verdict", "")
    if verdict in Verdict.values:
        decisions = decisions.filter(verdict=verdict)
    else:
        verdict = ""
    page = Paginator(decisions, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {k: v for k, v in (("q", query), ("actor", actor), ("verdict", verdict)) if v}
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode(filters),
        "actors": [
            ("", _("Everyone")),
            ("people", _("People")),
            ("automatic", _("Automatic moderator")),
        ],
        "verdicts": [("", _("Every verdict")), *Verdict.choices],
    }
    return render(request, "desk/log.html", context)


@moderator_required
def comment_detail(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("article__site", "parent", "assessment", "reader"),
        pk=comment_id,
    )
    comment.history = histories([comment], exclude={comment.pk}).get(commenter(comment))
    comment.standing = standings.look_up([comment]).get(comment.pk)
    comment.cluster_size = max(0, len(cluster_of(comment)) - comment.is_pending)
    context = {
        "comment": comment,
        "decisions": comment.decisions.select_related("moderator"),
        "escalations": comment.escalations.select_related("escalated_by", "sent_back_by"),
        "categories": Category.choices,
        "note_max_length": actions.NOTE_MAX_LENGTH,
    }
    return render(request, "desk/comment.html", context)
