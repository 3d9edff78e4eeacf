"""The JSON API under /api/v1/, documented at /api/v1/openapi.json.

Every input failure takes one path to a 400 that names the field: ninja's schema errors and
Django's form and model errors are both turned into `{"detail", "errors": {field: [...]}}`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Literal
from urllib.parse import urlencode

import ninja
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import NinjaAPI
from ninja.decorators import decorate_view
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

import majlis
from majlis.api import auth
from majlis.api.schemas import (
    Accepted,
    ArticleIn,
    ArticleKey,
    ArticleOut,
    CommentId,
    CommentIn,
    DecisionIn,
    DecisionOut,
    ErrorOut,
    ModeratorCommentDetail,
    ModeratorCommentPage,
    Page,
    PublicArticleOut,
    PublicCommentPage,
    SearchQuery,
    SiteKey,
)
from majlis.articles.models import Article, Tag
from majlis.comments import actions, threads
from majlis.comments.forms import CommentForm, form_token
from majlis.comments.limits import client_ip, flood_message
from majlis.comments.models import Comment, Decision
from majlis.desk.search import search
from majlis.escalations.actions import can_see_escalations
from majlis.escalations.models import awaiting
from majlis.lib import readcache
from majlis.lib.storable import too_large_message
from majlis.moderation.models import QUEUE_ORDERS
from majlis.readers import sso
from majlis.readers.models import Reader
from majlis.reports.models import Report
from majlis.sites.models import Site
from majlis.sites.requests import foreign_origin, foreign_origin_message, site_of

api = NinjaAPI(
    title="Majlis API",
    version=majlis.__version__,
    description="Articles, their moderated comments, and the moderators' decisions.",
    urls_namespace="api",
)


class InvalidInput(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _invalid(request: HttpRequest, errors: dict[str, list[str]]) -> HttpResponse:
    summary = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
    return api.create_response(request, {"detail": summary, "errors": errors}, status=400)


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    if _json_but_not_an_object(request):
        # ninja reads `[]` or `"text"` as an empty object and would name only the required
        # fields, as if the comment's "body" alone were missing: say what is wrong instead.
        return _invalid(request, {"__all__": ["Send a JSON object."]})
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # loc is ("body", "payload", "field", ...) or ("query", "field"): name the field.
        # Only the leading parts go: a comment's own field is called "body" too.
        loc = [str(part) for part in error.get("loc", ())]
        if loc[:1] in (["body"], ["query"], ["path"]):
            loc = loc[1:]
        if loc[:1] == ["payload"]:
            loc = loc[1:]
        # No field at all: the request body as a whole is missing or not an object. Say so
        # under "__all__", as forms do, not "body", which is a comment's own field.
        field = loc[0] if loc else "__all__"
        message = error.get("msg", "invalid")
        if error.get("type") == "missing":
            message = "This field is required."
        errors.setdefault(field, []).append(message)
    return _invalid(request, errors)


def _json_but_not_an_object(request: HttpRequest) -> bool:
    if request.method != "POST" or request.content_type.lower() != "application/json":
        return False
    try:
        return not isinstance(json.loads(request.body), dict)
    except (ValueError, RequestDataTooBig):
        return False


@api.exception_handler(InvalidInput)
def input_error(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return _invalid(request, exc.errors)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": too_large_message()}, status=413)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "A valid API token is required (Authorization: Bearer …)."}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


def _json_only(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps an operation that reads a JSON body: a body of any other type is 415, before
    authentication or parsing, so a form post is never half-read as JSON. No body at all is
    left to the schema, which names what is missing."""

    @functools.wraps(run)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        kind = request.content_type.lower()
        if kind != "application/json" and (kind or _has_body(request)):
            return api.create_response(
                request,
                {"detail": "Send the body as JSON, with Content-Type: application/json."},
                status=415,
            )
        return run(request, *args, **kwargs)

    return checked


def _has_body(request: HttpRequest) -> bool:
    # From the header, not request.body: a multipart stream may already have been read.
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > 0
    except ValueError:
        return True


json_body = decorate_view(_json_only)


def _errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation documents, all in one shape. Any may also be 503, when
    the database is out of reach."""
    return dict.fromkeys((*codes, 503), ErrorOut)


def _page(request: HttpRequest, queryset, number: int, page_size: int | None = None):
    """Page `number` of `queryset` and the absolute URL of the next one, or None."""
    size = page_size or settings.MAJLIS["PAGE_SIZE"]
    paginator = Paginator(queryset, size)
    items = list(paginator.page(number)) if number <= paginator.num_pages else []
    next_url = None
    if number < paginator.num_pages:
        query = request.GET.copy()
        query["page"] = str(number + 1)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return items, paginator.count, next_url


def _article_out(article: Article, comment_count: int) -> dict:
    return {
        "key": article.key,
        "site": article.site.key,
        "title": article.title,
        "byline": article.byline,
        "language": article.language,
        "url": article.url,
        "body": article.body,
        "tags": [t.name for t in article.tags.all()],
        "published_at": article.published_at,
        "comments_open": article.comments_open,
        "comment_count": comment_count,
    }


def _public_comment(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "author_name": comment.author_name,
        "body": comment.body,
        "language": comment.language,
        "created_at": comment.created_at,
    }


def _moderator_comment(comment: Comment) -> dict:
    return {
        **_public_comment(comment),
        "article_key": comment.article.key,
        "author_email": comment.author_email,
        "status": comment.status,
        "reader": comment.reader and {"site": comment.article.site.key, "sub": comment.reader.sub},
        "assessment": _assessment_out(comment),
    }


def _assessment_out(comment: Comment) -> dict | None:
    try:
        a = comment.assessment
    except ObjectDoesNotExist:
        return None
    return {
        "language": a.language,
        "language_confidence": a.language_confidence,
        "scores": a.scores,
        "evidence": a.evidence,
        "suggestion": a.suggestion,
        "categories": a.categories,
        "reasons": a.reasons,
        "risk": a.risk,
        "versions": a.versions,
        "duration_ms": a.duration_ms,
        "created_at": a.created_at,
    }


def _decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "verdict": decision.verdict,
        "actor": decision.actor_label,
        "automatic": decision.is_automatic,
        "reasons": decision.categories,
        "note": decision.note,
        "created_at": decision.created_at,
    }


def refuse_foreign_origin(request: HttpRequest, site: Site, language: str) -> HttpResponse | None:
    """A 403 naming the origin (in `language`), for a browser's request from a page that is
    not the site's (nor Majlis's own); None when the request may go on."""
    origin = foreign_origin(request, site)
    if origin is None:
        return None
    with translation.override(language):
        detail = foreign_origin_message(origin, site)
    return api.create_response(request, {"detail": detail}, status=403)


def _published_article(request: HttpRequest, key: str, site: str | None) -> Article:
    articles = Article.objects.published().in_site(site_of(request, site)).select_related("site")
    return get_object_or_404(articles, key=key)


# Articles -----------------------------------------------------------------------------------


@api.post(
    "/articles",
    auth=auth.editor,
    response={200: ArticleOut, 201: ArticleOut, **_errors(400, 401, 403, 413, 415)},
    tags=["articles"],
)
@json_body
def put_article(request: HttpRequest, payload: ArticleIn, site: SiteKey | None = None):
    """Create an article, or update the one with this `key`, in the site `site` (by
    default the install's default site)."""
    found = Site.objects.filter(key=site).first() if site else Site.default()
    if found is None:
        raise InvalidInput({"site": ["No site has this key."]})
    try:
        article, created = _upsert_article(found, payload)
    except IntegrityError:
        # Another request created this key between our look-up and our insert. Our
        # transaction is undone whole; a second pass finds their article and updates it.
        if not found.articles.filter(key=payload.key).exists():
            raise
        article, created = _upsert_article(found, payload)
    count = article.comments.approved().count()
    return ninja.Status(201 if created else 200, _article_out(article, count))


def _upsert_article(site: Site, payload: ArticleIn) -> tuple[Article, bool]:
    with transaction.atomic():
        article = site.articles.select_for_update().filter(key=payload.key).first()
        created = article is None
        article = article or Article(site=site, key=payload.key)
        for name in ("title", "byline", "language", "url"):
            # As a form would: a title of spaces is no title.
            setattr(article, name, getattr(payload, name).strip())
        article.body = payload.body
        article.comments_open = payload.comments_open
        if payload.published_at is not None:
            article.published_at = payload.published_at
        elif created:
            article.published_at = timezone.now()
        try:
            article.full_clean(validate_unique=False)
        except DjangoValidationError as error:
            raise InvalidInput(
                {k: [str(m) for m in v] for k, v in error.message_dict.items()}
            ) from None
        article.save()
        article.tags.set(Tag.for_names(payload.tags))
    return article, created


@api.get(
    "/articles/{key}", response={200: PublicArticleOut, **_errors(400, 404)}, tags=["articles"]
)
def get_article(request: HttpRequest, key: ArticleKey, site: SiteKey | None = None):
    """The article, its approved-comment count, and a `form_token` for posting a comment on
    it (kept with the cached answer for less than the token lives). Cached; revalidate with
    the ETag."""
    article = _published_article(request, key, site)

    def render() -> HttpResponse:
        count = article.comments.approved().count()
        answer = {**_article_out(article, count), "form_token": form_token(article)}
        return _json(request, PublicArticleOut, answer)

    cache_key = readcache.key("api-article", article.pk, article.thread_version)
    return readcache.serve(request, cache_key, render, changed_at=article.thread_changed_at)


# Comments -----------------------------------------------------------------------------------


@api.get(
    "/articles/{key}/comments",
    response={200: PublicCommentPage, **_errors(400, 404)},
    tags=["comments"],
)
def list_comments(
    request: HttpRequest,
    key: ArticleKey,
    order: Literal["oldest", "newest"] = "oldest",
    page: Page = 1,
    site: SiteKey | None = None,
):
    """Approved comments, a page of threads at a time, as the article page shows them.

    Each page holds `MAJLIS_PAGE_SIZE` top-level comments, oldest (default) or newest first,
    each followed by all its replies (depth first, oldest first under their parent; `depth`
    0 is top level). `count` is every approved comment; `threads`, the top-level ones.
    Never an email address. Cached; revalidate with the ETag.
    """
    article = _published_article(request, key, site)
    # The absolute links name the host asked for, so the host is part of the key.
    cache_key = readcache.key(
        "api-comments",
        article.pk,
        article.thread_version,
        page,
        order,
        request.get_host(),
        request.scheme,
        site or "",
    )
    return readcache.serve(
        request,
        cache_key,
        lambda: _comments_page(request, article, page, order, site),
        changed_at=article.thread_changed_at,
    )


def _comments_page(
    request: HttpRequest, article: Article, number: int, order: str, site: str | None
) -> HttpResponse:
    page = threads.thread_page(article, number, size=settings.MAJLIS["PAGE_SIZE"], order=order)

    def link(to: int) -> str:
        # A site named in the query stays named: the next page is of the same article.
        query = urlencode({"page": to, "order": order, **({"site": site} if site else {})})
        return request.build_absolute_uri(f"{request.path}?{query}")

    data = {
        "items": [{**_public_comment(e.comment), "depth": e.depth} for e in page.entries],
        "count": page.total,
        "threads": page.threads,
        "page": number,
        "pages": page.pages,
        "order": order,
        "next": link(number + 1) if page.has_next else None,
        "previous": link(min(number - 1, page.pages)) if page.has_previous else None,
    }
    return _json(request, PublicCommentPage, data)


def _json(request: HttpRequest, schema: type[ninja.Schema], data: dict) -> HttpResponse:
    """The response ninja would make of `data`, as bytes a cache can keep."""
    return api.create_response(request, schema.model_validate(data).model_dump(), status=200)


NO_FORM_TOKEN = "Required without an API token: send the form_token of GET /api/v1/articles/{key}."
KEY_REUSED = "This Idempotency-Key was already used for a different request."


def _idempotency_key(request: HttpRequest) -> str | None:
    """The request's Idempotency-Key header: 1 to 255 visible ASCII characters, or absent."""
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return None
    value = raw.strip()
    if not value or len(value) > 255 or not all(" " <= ch <= "~" for ch in value):
        raise InvalidInput({"Idempotency-Key": ["1 to 255 visible ASCII characters."]})
    return value


@api.post(
    "/articles/{key}/comments",
    response={202: Accepted, **_errors(400, 401, 403, 404, 413, 415, 422, 429)},
    tags=["comments"],
)
@json_body
def post_comment(
    request: HttpRequest, key: ArticleKey, payload: CommentIn, site: SiteKey | None = None
):
    """Submit a comment. It is stored as pending and published only once approved.

    An anonymous caller sends the article's `form_token` as `token`, as the page's form
    does; a caller with an API token (`Authorization: Bearer`, any role) needs none. A
    reader signed in on the newsroom's site sends its token as `sso` and may leave out the
    name and email, which come from the token. With an
    `Idempotency-Key` header, a repeat answers as the first post did and stores nothing; the
    key reused for another comment is a 422. From a browser, the page must be one of the
    article's site's origins (or Majlis's own): any other `Origin` is a 403.
    """
    article = _published_article(request, key, site)
    refused = refuse_foreign_origin(request, article.site, article.language)
    if refused:
        return refused
    submission = _idempotency_key(request)
    server = auth.bearer_user(request)
    data = payload.dict()
    claims, refused = None, None
    if payload.sso:
        try:
            # The article's own site signs its readers in: another site's token is refused.
            claims = sso.verify(payload.sso, article.site)
        except sso.InvalidSignIn as error:
            refused = str(error)
        else:
            # The account speaks for the reader: whatever name and email came typed along
            # (say from a form filled in before the page signed them in) give way to it.
            data.update(author_name=claims.name, author_email=claims.email)
    # A refused token still counts against the client, as any failed attempt does.
    flood = flood_message(request, data["author_email"] if refused is None else None)
    if flood:
        response = api.create_response(request, {"detail": flood.message}, status=429)
        return flood.apply(response)
    if refused is not None:
        raise InvalidInput({"sso": [refused]})
    # Servers of the newsroom post with their API token; anyone else with a served form.
    form = CommentForm(data, article=article, served=server is None)
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        if "token" in errors and not payload.token:
            errors["token"] = [NO_FORM_TOKEN]
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            # The reader is created or brought up to date with the comment, never without it.
            reader = claims and Reader.objects.signed_in(article.site, claims)
            comment = actions.submit(
                article,
                **form.comment(),
                reader=reader,
                client_address=client_ip(request),
                key=submission
                and actions.submission_key("api-comment", str(article.pk), submission),
            )
    except actions.KeyReused:
        raise HttpError(422, KEY_REUSED) from None
    return ninja.Status(202, {"id": comment.pk, "status": comment.status})


# Moderation ---------------------------------------------------------------------------------


@api.get(
    "/moderation/queue",
    auth=auth.moderator,
    response={200: ModeratorCommentPage, **_errors(400, 401, 403)},
    tags=["moderation"],
)
def moderation_queue(
    request: HttpRequest,
    queue: Literal["pending", "escalated"] = "pending",
    q: SearchQuery = "",
    order: Literal["oldest", "newest", "risk", "safest"] = "oldest",
    page: Page = 1,
):
    """Comments awaiting a decision, with the commenter's email and the automatic assessment:
    the same queues as the desk's.

    `?queue=` pending (default: the moderators' queue, escalated comments left out) or
    escalated (those a moderator sent up to an editor; editors and admins only). `?q=` keeps
    the comments whose text, commenter's name or email, or article's title or key holds every
    word, case-insensitively and with Arabic-script variants folded, as the desk's search.
    `?order=` oldest (default), newest, risk (riskiest first) or safest; comments not yet
    assessed come last in the two risk orders.
    """
    if queue == "escalated" and not can_see_escalations(request.auth):
        raise HttpError(403, "only editors and admins read the escalation queue")
    comments = search(awaiting(queue), q.strip())
    comments = comments.select_related("article__site", "assessment", "reader").order_by(
        *QUEUE_ORDERS[order]
    )
    items, count, next_url = _page(request, comments, page)
    return {"items": [_moderator_comment(c) for c in items], "count": count, "next": next_url}


def _comment_detail(comment_id: int) -> dict:
    comment = get_object_or_404(
        Comment.objects.select_related("article__site", "assessment", "reader"), pk=comment_id
    )
    decisions = comment.decisions.select_related("moderator")
    reports = comment.reports.select_related("resolution__moderator")
    return {
        **_moderator_comment(comment),
        "decisions": [_decision_out(d) for d in decisions],
        "reports": [_report_out(r) for r in reports],
    }


def _report_out(report: Report) -> dict:
    resolution = report.resolution
    return {
        "id": report.pk,
        "reason": report.reason,
        "note": report.note,
        "signed_in": report.reader_id is not None,
        "notifier_name": report.notifier_name,
        "notifier_email": report.notifier_email,
        "good_faith": report.good_faith,
        "concerns_child_abuse": report.concerns_child_abuse,
        "created_at": report.created_at,
        "resolution": resolution and resolution.outcome,
        "resolved_by": resolution and resolution.moderator.get_username(),
        "resolved_at": resolution and resolution.created_at,
    }


@api.get(
    "/comments/{comment_id}",
    auth=auth.moderator,
    response={200: ModeratorCommentDetail, **_errors(400, 401, 403, 404)},
    tags=["moderation"],
)
def get_comment(request: HttpRequest, comment_id: CommentId):
    return _comment_detail(comment_id)


@api.api_operation(
    ["PUT", "PATCH", "DELETE"],
    "/comments/{comment_id}",
    response=_errors(400, 405),
    tags=["moderation"],
)
def edit_comment(request: HttpRequest, comment_id: CommentId):
    """Comments are never edited or deleted: approve or reject them instead."""
    response = api.create_response(
        request,
        {"detail": "Comments are never edited or deleted: post a decision to approve or reject."},
        status=405,
    )
    response["Allow"] = "GET"
    return response


@api.post(
    "/comments/{comment_id}/decisions",
    auth=auth.moderator,
    response={200: DecisionOut, 201: DecisionOut, **_errors(400, 401, 403, 404, 413, 415, 422)},
    tags=["moderation"],
)
@json_body
def post_decision(request: HttpRequest, comment_id: CommentId, payload: DecisionIn):
    """Approve or reject. A rejection names at least one guideline category.

    With an `Idempotency-Key` header, a repeat answers 201 with the decision the key first
    logged, and logs nothing more; the key reused for another decision is a 422.
    """
    submission = _idempotency_key(request)
    comment = get_object_or_404(Comment, pk=comment_id)
    key = submission and actions.submission_key(
        "api-decision", str(comment.pk), str(request.auth.pk), submission
    )
    try:
        if payload.verdict == "approve":
            if payload.reasons:
                raise actions.DecisionError("An approval takes no reasons.")
            decision = actions.approve(comment, actor=request.auth, note=payload.note, key=key)
        else:
            decision = actions.reject(
                comment,
                actor=request.auth,
                categories=payload.reasons,
                note=payload.note,
                key=key,
            )
    except actions.DecisionError as error:
        raise InvalidInput({error.field: [str(error)]}) from None
    except actions.KeyReused:
        raise HttpError(422, KEY_REUSED) from None
    if decision is None:
        # The comment already has this verdict: nothing new was logged.
        return ninja.Status(200, _decision_out(comment.decisions.first()))
    return ninja.Status(201, _decision_out(decision))
