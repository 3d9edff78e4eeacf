"""The escalation queue: comments moderators sent up to an editor, with their notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majlis.commenters import standings
from majlis.comments import actions
from majlis.comments.models import Category, Comment
from majlis.desk.access import moderator_required
from majlis.desk.history import commenter, histories
from majlis.desk.views import _back
from majlis.escalations import actions as escalation_actions
from majlis.escalations.models import Escalation, awaiting

PAGE_SIZE = 20


@moderator_required
@require_POST
def escalate(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    try:
        escalation_actions.escalate(comment, actor=request.user, note=request.POST.get("note", ""))
    except escalation_actions.EscalationError as error:
        messages.error(request, f"{error.field}: {error}")
        return redirect(_back(request))
    messages.success(request, _("Comment #%(id)s sent to an editor.") % {"id": comment.pk})
    return redirect(_back(request))


@moderator_required
@require_POST
def send_back(request: HttpRequest, comment_id: int) -> HttpResponse:
    if not escalation_actions.can_see_escalations(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=comment_id)
    try:
        escalation_actions.send_back(comment, actor=request.user, note=request.POST.get("note", ""))
    except escalation_actions.EscalationError as error:
        messages.error(request, f"{error.field}: {error}")
        return redirect(_back(request))
    messages.success(request, _("Comment #%(id)s sent back to the queue.") % {"id": comment.pk})
    return redirect("desk:escalated")


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    """Editors and admins only: moderators escalate, editors decide or send back."""
    if not escalation_actions.can_see_escalations(request.user):
        raise PermissionDenied
    comments = (
        awaiting("escalated")
        .select_related("article__site", "parent", "assessment", "reader")
        .prefetch_related(
            Prefetch(
                "escalations",
                queryset=Escalation.objects.select_related("escalated_by", "sent_back_by"),
                to_attr="escalation_log",
            )
        )
        .order_by("created_at", "pk")
    )
    page = Paginator(comments, PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page)
    known = histories(items, exclude={c.pk for c in items})
    found = standings.look_up(items)
    for comment in items:
        comment.history = known.get(commenter(comment))
        comment.standing = found.get(comment.pk)
    context = {
        "page": page,
        "items": items,
        "categories": Category.choices,
        "note_max_length": actions.NOTE_MAX_LENGTH,
    }
    return render(request, "desk/escalated.html", context)
