"""The desk's queue of appeals: oldest first, each decided by another moderator than the one
whose rejection it questions."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majlis.appeals.models import Appeal
from majlis.comments import actions
from majlis.comments.models import Category, Verdict
from majlis.desk.access import moderator_required

PAGE_SIZE = 20


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    appeals = Appeal.objects.open().select_related("comment__article", "decision__moderator")
    page = Paginator(appeals, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(Category.choices)
    for appeal in page:
        appeal.reasons = [str(labels.get(c, c)) for c in appeal.decision.categories]
        appeal.mine = appeal.decision.moderator_id == request.user.pk
    context = {
        "page": page,
        "open_count": Appeal.objects.open().count(),
        "categories": Category.choices,
        "note_max_length": actions.NOTE_MAX_LENGTH,
    }
    return render(request, "appeals/queue.html", context)


@moderator_required
@require_POST
def decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    appeal = get_object_or_404(Appeal, pk=appeal_id)
    verdict = request.POST.get("verdict", "")
    if verdict not in Verdict.values:
        messages.error(request, _("Choose to publish the comment or to keep it rejected."))
        return redirect("desk:appeals")
    try:
        actions.decide_appeal(
            appeal,
            verdict,
            actor=request.user,
            categories=request.POST.getlist("categories"),
            note=request.POST.get("note", ""),
        )
    except actions.DecisionError as error:
        messages.error(request, str(error))
        return redirect("desk:appeals")
    messages.success(request, _("Appeal decided; the commenter is told by email."))
    return redirect("desk:appeals")
