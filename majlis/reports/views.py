"""The report page: a small form under each published comment's Report link, which the
article page's script opens inline, and which works as a page of its own without it."""

from __future__ import annotations

import secrets

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.limits import client_ip, client_key
from majlis.comments.models import Comment, Status
from majlis.lib import readcache
from majlis.reports.forms import LOCAL_ID, ReportForm
from majlis.reports.limits import report_flood
from majlis.reports.models import reporter_key

# The random id that tells readers behind one address apart. Sent only to the report pages
# (its path), so the cached article pages never see it and never vary on it.
READER_COOKIE = "majlis_reader"
READER_COOKIE_PATH = "/comments/"
READER_COOKIE_AGE = 365 * 24 * 60 * 60


def received_message() -> str:
    return _("Thank you. Your report has been received: a moderator will look at this comment.")


def not_published_message() -> str:
    return _("Only published comments can be reported, and this one is not published.")


def notice_help() -> str:
    return _(
        "Under the EU Digital Services Act, a notice of illegal content explains above why "
        "the content is illegal, and gives your name and email address, so that the newsroom "
        "can tell you what it decided."
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _comment(comment_id: int) -> Comment:
    """The comment on a published article, whatever its status; 404 if there is none."""
    published = Article.objects.published()
    return get_object_or_404(
        Comment.objects.select_related("article__site"), pk=comment_id, article__in=published
    )


def _local_id(request: HttpRequest) -> str:
    value = request.COOKIES.get(READER_COOKIE, "")
    try:
        LOCAL_ID(value)
    except Exception:
        return ""
    return value


# The signed token in the form does CSRF's job, as the comment form's does.
@csrf_exempt
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    comment = _comment(comment_id)
    article = comment.article
    translation.activate(article.language)
    request.LANGUAGE_CODE = article.language
    local_id = _local_id(request) or secrets.token_urlsafe(18)
    response = _answer(request, comment, local_id)
    readcache.make_private(response)
    # In the article's language, whatever the browser asks for (see QueryLocaleMiddleware).
    response.fixed_language = True
    if READER_COOKIE not in request.COOKIES:
        response.set_cookie(
            READER_COOKIE,
            local_id,
            max_age=READER_COOKIE_AGE,
            path=READER_COOKIE_PATH,
            httponly=True,
            samesite="Lax",
        )
    return response


def _answer(request: HttpRequest, comment: Comment, local_id: str) -> HttpResponse:
    context = {"comment": comment, "article": comment.article, "notice_help": notice_help()}
    if comment.status != Status.APPROVED:
        if _wants_json(request):
            return JsonResponse({"detail": not_published_message()}, status=409)
        return render(request, "reports/report.html", {**context, "refused": True}, status=409)
    if request.method != "POST":
        if request.GET.get("sent"):
            return render(request, "reports/report.html", {**context, "sent": True})
        return render(
            request, "reports/report.html", {**context, "form": ReportForm(comment=comment)}
        )

    flood = report_flood(request)
    if flood:
        if _wants_json(request):
            answer = {"detail": flood.message, "retry_after": flood.retry_after}
            return flood.apply(JsonResponse(answer, status=429))
        page = render(
            request, "reports/report.html", {**context, "form_error": flood.message}, status=429
        )
        return flood.apply(page)
    form = ReportForm(request.POST, comment=comment)
    if not form.is_valid():
        if _wants_json(request):
            errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
            return JsonResponse(
                {"detail": _("Please correct the form."), "errors": errors}, status=400
            )
        return render(request, "reports/report.html", {**context, "form": form}, status=400)
    try:
        actions.report(
            comment,
            **form.report(),
            reporter=reporter_key(client=client_key("", request), local_id=local_id),
            client_address=client_ip(request),
        )
    except actions.NotReportable:
        # Rejected between the check above and now.
        raise Http404(not_published_message()) from None
    if _wants_json(request):
        return JsonResponse({"comment_id": comment.pk, "message": received_message()}, status=202)
    response = redirect(f"{request.path}?sent=1")
    response.status_code = 303
    return response
