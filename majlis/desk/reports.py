"""The desk's Reported queue: published comments that readers reported, most reported and
longest waiting first, where a moderator upholds the reports (the comment is rejected) or
dismisses them (it stays); and the log of those resolutions."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Min, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from majlis.comments import actions
from majlis.comments.models import Category, Comment
from majlis.desk.access import moderator_required
from majlis.desk.history import commenter, histories
from majlis.reports.models import Outcome, Reason, Report, ReportResolution

QUEUE_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50


def reported_comments():
    """Published comments with open reports, most reported first, then longest waiting."""
    is_open = Q(reports__resolution__isnull=True)
    return (
        Comment.objects.approved()
        .filter(is_open)
        .annotate(
            open_reports=Count("reports", filter=is_open),
            first_reported=Min("reports__created_at", filter=is_open),
            notices=Count("reports", filter=is_open & Q(reports__reason=Reason.ILLEGAL)),
        )
        .order_by("-open_reports", "first_reported", "pk")
    )


def _summarise(comment: Comment) -> None:
    """What the card shows: each reason with its count, most reported first, and the
    category to uphold for by default (the most reported guideline, if any)."""
    counts = Counter(r.reason for r in comment.open_report_list)
    labels = dict(Reason.choices)
    comment.reason_counts = [(reason, labels[reason], n) for reason, n in counts.most_common()]
    guidelines = [reason for reason, _n in counts.most_common() if reason in Category.values]
    comment.default_category = guidelines[0] if guidelines else ""


@moderator_required
def reported(request: HttpRequest) -> HttpResponse:
    comments = reported_comments().select_related("article__site", "parent", "assessment", "reader")
    comments = comments.prefetch_related(
        Prefetch("reports", queryset=Report.objects.open(), to_attr="open_report_list")
    )
    page = Paginator(comments, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    items = list(page)
    known = histories(items, exclude={c.pk for c in items})
    for comment in items:
        comment.history = known.get(commenter(comment))
        _summarise(comment)
    context = {
        "page": page,
        "items": items,
        "reported_count": page.paginator.count,
        "categories": Category.choices,
        "note_max_length": actions.NOTE_MAX_LENGTH,
    }
    return render(request, "desk/reported.html", context)


@moderator_required
@require_POST
def resolve(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment, pk=comment_id)
    outcome = request.POST.get("verdict", "")
    note = request.POST.get("note", "")
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        if outcome == "uphold":
            categories = request.POST.getlist("categories")
            actions.uphold_reports(comment, actor=request.user, categories=categories, note=note)
        elif outcome == "dismiss":
            actions.dismiss_reports(comment, actor=request.user, note=note)
        else:
            raise actions.DecisionError(_("Choose uphold or dismiss."))
    except actions.DecisionError as error:
        if wants_json:
            return JsonResponse({"detail": str(error)}, status=400)
        messages.error(request, str(error))
        return redirect("desk:reported")
    if wants_json:
        return JsonResponse({"id": comment.pk, "status": comment.status})
    if outcome == "uphold":
        message = _("Comment #%(id)s: reports upheld, comment rejected.")
    else:
        message = _("Comment #%(id)s: reports dismissed, comment kept.")
    messages.success(request, message % {"id": comment.pk})
    return redirect("desk:reported")


@moderator_required
def report_log(request: HttpRequest) -> HttpResponse:
    resolutions = (
        ReportResolution.objects.select_related("comment", "moderator", "decision")
        .annotate(report_count=Count("reports"))
        .order_by("-created_at", "-pk")
    )
    outcome = request.GET.get("outcome", "")
    if outcome in Outcome.values:
        resolutions = resolutions.filter(outcome=outcome)
    else:
        outcome = ""
    page = Paginator(resolutions, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "outcome": outcome,
        "outcomes": [("", _("Every outcome")), *Outcome.choices],
    }
    return render(request, "desk/report_log.html", context)
