"""POST /api/v1/comments/{id}/reports: a reader reports a published comment, from the embed
on the newsroom's pages or from any client, as the article page's form does."""

from __future__ import annotations

from typing import Literal

import ninja
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import StrictBool

from majlis.api.api import InvalidInput, api, json_body, refuse_foreign_origin
from majlis.api.schemas import CommentId, ErrorOut, InputSchema
from majlis.articles.models import Article
from majlis.comments import actions
from majlis.comments.limits import client_ip, client_key
from majlis.comments.models import Comment, Status
from majlis.readers import sso
from majlis.readers.models import Reader
from majlis.readers.sso import TOKEN_MAX_LENGTH
from majlis.reports.forms import ReportFields
from majlis.reports.limits import report_flood
from majlis.reports.models import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, Reason, reporter_key
from majlis.reports.views import not_published_message, received_message

router = Router(tags=["reports"])
# Every error answer in one shape; any may be 503, when the database is out of reach.
ERRORS = dict.fromkeys((400, 403, 404, 409, 413, 415, 429, 503), ErrorOut)


class ReportIn(InputSchema):
    reason: Literal[tuple(Reason.values)] = Field(
        ..., description='A guideline category, or "illegal" for a notice of illegal content.'
    )
    note: str = Field(
        "",
        max_length=NOTE_MAX_LENGTH,
        description='Optional; for "illegal", required: why the content is illegal.',
    )
    notifier_name: str = Field(
        "", max_length=NAME_MAX_LENGTH, description='For "illegal": the notifier\'s name.'
    )
    notifier_email: str = Field(
        "",
        max_length=254,
        description='For "illegal": the notifier\'s email. Moderators only, never published.',
    )
    concerns_child_abuse: StrictBool = Field(
        False,
        description='For "illegal": the content concerns child sexual abuse; the name and '
        "email are then optional (Digital Services Act, Article 16(2)(c)).",
    )
    good_faith: StrictBool = Field(
        False, description='For "illegal", required true: the statement of good faith.'
    )
    reader_id: str = Field(
        "",
        max_length=64,
        description="A random id (16 to 64 letters, digits, - or _) the reader's browser keeps, "
        "so that readers behind one address each report once.",
    )
    sso: str = Field(
        "",
        max_length=TOKEN_MAX_LENGTH,
        description="A signed-in reader's token, as for posting: the account reports, once.",
    )
    website: str = Field("", max_length=200, description="A honeypot: leave it empty.")


class ReportAccepted(Schema):
    comment_id: int
    message: str = Field(..., description="A thank-you, in the article's language.")


@router.post(
    "/{comment_id}/reports",
    response={202: ReportAccepted, **ERRORS},
)
@json_body
def post_report(request: HttpRequest, comment_id: CommentId, payload: ReportIn):
    """Report a published comment to the moderators; answered 202.

    Once per reader per comment: a signed-in reader (`sso`) by their account, anyone else
    by their client's address and `reader_id`. A repeat answers 202 as the first did and
    stores nothing. Only published comments can be reported: any other is a 409. From a
    browser, the page must be one of the comment's site's origins (or Majlis's own): any
    other `Origin` is a 403. Rate-limited per client address (`MAJLIS_REPORT_RATE_PER_CLIENT`).
    Answers are in the article's language.
    """
    comment = get_object_or_404(
        Comment.objects.select_related("article__site"),
        pk=comment_id,
        article__in=Article.objects.published(),
    )
    site, language = comment.article.site, comment.article.language
    refused = refuse_foreign_origin(request, site, language)
    if refused:
        return refused
    with translation.override(language):
        if comment.status != Status.APPROVED:
            raise HttpError(409, not_published_message())
        flood = report_flood(request)
        if flood:
            return flood.apply(api.create_response(request, {"detail": flood.message}, status=429))
        claims = None
        if payload.sso:
            try:
                claims = sso.verify(payload.sso, site)
            except sso.InvalidSignIn as error:
                raise InvalidInput({"sso": [str(error)]}) from None
        form = ReportFields(payload.dict())
        if not form.is_valid():
            raise InvalidInput({k: [str(m) for m in v] for k, v in form.errors.items()})
        if claims:
            reporter = reporter_key(site_id=site.pk, sub=claims.sub)
        else:
            local_id = form.cleaned_data["reader_id"]
            reporter = reporter_key(client=client_key("", request), local_id=local_id)
        try:
            with transaction.atomic():
                # The account is known from its first report as from its first comment.
                reader = claims and Reader.objects.signed_in(site, claims)
                actions.report(
                    comment,
                    **form.report(),
                    reporter=reporter,
                    reader=reader or None,
                    client_address=client_ip(request),
                )
        except actions.NotReportable:
            raise HttpError(409, not_published_message()) from None
        return ninja.Status(202, {"comment_id": comment.pk, "message": received_message()})
