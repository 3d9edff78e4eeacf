"""A commenter's own data: asked for by email, downloaded or withdrawn through a signed link.

The request page answers the same whatever the address: whether it has comments here is
told only to that address, by mail.
"""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from majlis.appeals.models import Appeal
from majlis.commenters.models import CommenterStanding, Scope
from majlis.comments import actions
from majlis.comments.models import Comment, Decision
from majlis.lib.text import validate_email_address
from majlis.notices import mail
from majlis.notices.links import privacy_email
from majlis.notices.models import address_digest
from majlis.readers.models import Reader

# One link per address per this many seconds: the form cannot be used to flood an inbox.
RESEND_SECONDS = 60 * 60


class RequestForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254, validators=[validate_email_address])


def request_link(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        has_comments = Comment.objects.by_email(email).exclude(status="withdrawn").exists()
        if has_comments and cache.add(f"privacy-link:{address_digest(email)}", 1, RESEND_SECONDS):
            mail.privacy_link(email, get_language() or "en")
        return render(request, "privacy/sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/request.html", {"form": form}, status=status)


def _email_or_404(token: str) -> str:
    email = privacy_email(token)
    if email is None:
        raise Http404("no such link, or it has expired")
    return email


def _theirs(email: str):
    return Comment.objects.by_email(email).exclude(status="withdrawn")


def data(request: HttpRequest, token: str) -> HttpResponse:
    email = _email_or_404(token)
    comments = _theirs(email).select_related("article")
    return render(
        request,
        "privacy/data.html",
        {"token": token, "comments": comments, "count": comments.count()},
    )


def download(request: HttpRequest, token: str) -> JsonResponse:
    """Their comments, the decisions on them and their appeals, the newsroom accounts they
    commented signed in with, and the standings moderators gave their address or accounts:
    nothing of anyone else's (not who moderated, nor the comments they replied to)."""
    email = _email_or_404(token)
    comments = (
        _theirs(email)
        .select_related("article")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "pk"))
        )
    )
    appeals = {a.comment_id: a for a in Appeal.objects.filter(comment__in=comments)}
    accounts = list(Reader.objects.filter(email__iexact=email).select_related("site"))
    # A domain's standing is about the domain, not them: only their address's and accounts'.
    standings = CommenterStanding.objects.filter(
        Q(scope=Scope.EMAIL, value=email.lower()) | Q(scope=Scope.READER, reader__in=accounts)
    ).order_by("pk")
    body = {
        "email": email,
        "comments": [_comment(c, appeals.get(c.pk)) for c in comments],
        "accounts": [_account(a) for a in accounts],
        "standings": [_standing(s) for s in standings],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    return response


def _comment(comment: Comment, appeal: Appeal | None) -> dict:
    return {
        "id": comment.pk,
        "article": {"key": comment.article.key, "title": comment.article.title},
        "in_reply_to": comment.parent_id,
        "name": comment.author_name,
        "email": comment.author_email,
        "body": comment.body,
        "language": comment.language,
        "status": comment.status,
        "posted_at": comment.created_at.isoformat(),
        "decisions": [
            {
                "verdict": d.verdict,
                "categories": list(d.categories),
                "by": _actor(d),
                "decided_at": d.created_at.isoformat(),
            }
            for d in comment.decisions.all()
        ],
        "appeal": appeal
        and {
            "note": appeal.note,
            "appealed_at": appeal.created_at.isoformat(),
            "decided": not appeal.is_open,
        },
    }


def _account(reader: Reader) -> dict:
    return {
        "site": reader.site.key,
        "account": reader.sub,
        "name": reader.name,
        "email": reader.email,
        "first_comment_at": reader.created_at.isoformat(),
        "last_comment_at": reader.last_seen_at.isoformat(),
    }


def _standing(standing: CommenterStanding) -> dict:
    # What was decided about them and why, not which moderator decided it.
    return {
        "applies_to": standing.scope,
        "standing": standing.standing,
        "category": standing.category,
        "note": standing.note,
        "set_at": standing.updated_at.isoformat(),
    }


def _actor(decision: Decision) -> str:
    # Whether a machine or a person decided, never which person: that is not their data.
    if decision.is_automatic:
        return "automatic"
    return "import" if decision.imported_from else "person"


# The signed link is the proof a CSRF token would be.
@csrf_exempt
@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    email = _email_or_404(token)
    if request.POST.get("confirm") != "yes":
        comments = _theirs(email).select_related("article")
        context = {"token": token, "comments": comments, "count": comments.count()}
        context["error"] = _("Tick the box to confirm.")
        return render(request, "privacy/data.html", context, status=400)
    count = actions.withdraw(email)
    return render(request, "privacy/withdrawn.html", {"count": count})
