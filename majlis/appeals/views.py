"""The commenter's side of an appeal: the rejection mail's signed link, a note, once."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from majlis.appeals.forms import AppealForm
from majlis.appeals.models import Appeal
from majlis.comments.models import Decision, Status, Verdict
from majlis.notices.links import appealed_decision


# The signed link is the commenter's proof, as a CSRF token would be; they may open it in
# a browser without a session here.
@csrf_exempt
def appeal(request: HttpRequest, token: str) -> HttpResponse:
    decision_id = appealed_decision(token)
    decision = (
        Decision.objects.filter(pk=decision_id, verdict=Verdict.REJECT)
        .select_related("comment__article")
        .first()
        if decision_id
        else None
    )
    if decision is None or decision.comment.is_withdrawn:
        raise Http404("no such link, or it has expired")
    comment = decision.comment
    translation.activate(comment.article.language)
    request.LANGUAGE_CODE = comment.article.language
    context = {"comment": comment, "decision": decision}
    existing = Appeal.objects.filter(comment=comment).first()
    if existing is not None:
        return render(request, "appeals/appealed.html", {**context, "appeal": existing})
    if comment.status != Status.REJECTED:
        # Published since (someone else looked again): there is nothing to appeal.
        return render(request, "appeals/appealed.html", {**context, "appeal": None})
    form = AppealForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                made = Appeal.objects.create(
                    comment=comment, decision=decision, note=form.cleaned_data["note"]
                )
        except IntegrityError:
            # Two submissions raced: the first one is the appeal.
            made = Appeal.objects.get(comment=comment)
        return render(request, "appeals/appealed.html", {**context, "appeal": made}, status=201)
    status = 400 if request.method == "POST" else 200
    return render(request, "appeals/appeal.html", {**context, "form": form}, status=status)
