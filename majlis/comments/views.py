"""The public comment form's endpoint, for pages with and without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from majlis.articles.views import published_article, render_article
from majlis.comments import actions
from majlis.comments.forms import CommentForm, form_token
from majlis.comments.limits import client_ip, flood_message
from majlis.sites.requests import foreign_origin, foreign_origin_message


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# The signed timestamp in the form does CSRF's job without a cookie, so a cached page or an
# embedded widget can still post; a forged cross-site post gains nothing over a direct one.
# A browser says which page posts (Origin): Majlis's own or the site's pages may, as for the
# embed and the API; any other is refused.
@csrf_exempt
@require_POST
def post_comment(request: HttpRequest, key: str, site: str | None = None) -> HttpResponse:
    article = published_article(key, site)
    translation.activate(article.language)
    request.LANGUAGE_CODE = article.language

    origin = foreign_origin(request, article.site)
    if origin is not None:
        reason = foreign_origin_message(origin, article.site)
        if _wants_json(request):
            return JsonResponse({"detail": reason}, status=403)
        context = {"article": article, "reason": reason}
        return render(request, "comments/refused.html", context, status=403)

    flood = flood_message(request, request.POST.get("author_email"))
    if flood:
        if _wants_json(request):
            answer = {"detail": flood.message, "retry_after": flood.retry_after}
            return flood.apply(JsonResponse(answer, status=429))
        # The reader's words are kept in the form (with a fresh token), to post again later.
        kept = CommentForm(article=article, initial=_kept(request))
        page = render_article(request, article, form=kept, form_error=flood.message, status=429)
        return flood.apply(page)

    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse(
                {"detail": _("Please correct the form."), "errors": _errors(form)}, status=400
            )
        # Shown again with what was written and the errors; a fresh token, so that a form
        # refused for its age posts on the next try.
        form.data = form.data.copy()
        form.data["token"] = form_token(article)
        return render_article(request, article, form=form, status=400)

    comment = actions.submit(
        article,
        **form.comment(),
        client_address=client_ip(request),
        # A form sent twice stores one comment, and both answers below name it.
        key=actions.submission_key(*form.submission_parts()),
    )
    if _wants_json(request):
        return JsonResponse(
            {"id": comment.pk, "status": comment.status, "message": awaiting_message()},
            status=202,
        )
    response = redirect(f"{article.get_absolute_url()}?posted={comment.pk}#comment-form")
    # 303 See Other: the browser follows with a GET, so a reload never posts twice.
    response.status_code = 303
    return response


def _kept(request: HttpRequest) -> dict[str, str]:
    fields = ("author_name", "author_email", "body", "parent_id")
    return {name: request.POST[name] for name in fields if request.POST.get(name)}


def awaiting_message() -> str:
    return _(
        "Thank you. Your comment has been received and awaits moderation: "
        "it will appear here once a moderator approves it."
    )


def _errors(form: CommentForm) -> dict[str, list[str]]:
    # Form-wide errors (comments closed) are reported under "__all__", as Django names them.
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}
