"""The API's shapes. Public shapes carry no email; moderator shapes say so in their name."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from majlis.comments.actions import NOTE_MAX_LENGTH
from majlis.comments.models import Category
from majlis.desk.search import QUERY_MAX_LENGTH
from majlis.lib.text import unstorable_strings
from majlis.readers.sso import TOKEN_MAX_LENGTH

# The six languages, by code, as settings.LANGUAGES lists them.
Language = Literal[tuple(code for code, _name in settings.LANGUAGES)]
# The API's and the models' slug: ASCII letters, digits, - and _ (Django's SlugField).
KEY_PATTERN = r"^[-a-zA-Z0-9_]+$"
ArticleKey = Annotated[str, Field(min_length=1, max_length=200, pattern=KEY_PATTERN)]
SiteKey = Annotated[
    str,
    Field(
        min_length=1,
        max_length=64,
        pattern=KEY_PATTERN,
        description="The site's key; by default the site whose origin the request comes "
        "from, else the install's default site.",
    ),
]
# Ids and page numbers in the URL: whole numbers from 1, within a 64-bit primary key.
CommentId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Page = Annotated[int, Field(ge=1, le=2**63 - 1, description="From 1.")]
SearchQuery = Annotated[
    str, Field(max_length=QUERY_MAX_LENGTH, description="Words to find (all of them).")
]
# A guideline category, by its code (the same list as comments.models.Category).
Reason = Literal[tuple(Category.values)]


class InputSchema(Schema):
    """A request body. Any string in it, however deep, must be storable: no NUL (PostgreSQL
    refuses it) and no lone UTF-16 surrogate (no UTF-8 encoder takes it)."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any, info: ValidationInfo) -> Any:
        for _where, reason in unstorable_strings(value, info.field_name or ""):
            raise PydanticCustomError("unstorable_text", reason)
        return value


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class ArticleIn(InputSchema):
    key: ArticleKey = Field(
        ..., description="The publisher's identifier: letters, digits, - and _."
    )
    title: str = Field(..., min_length=1, max_length=300)
    byline: str = Field("", max_length=200)
    language: Language
    url: str = Field("", max_length=500, description="An http or https URL, or empty.")
    body: str = ""
    tags: list[Annotated[str, Field(max_length=64)]] = []
    published_at: datetime | None = Field(
        None,
        description="ISO 8601, with an offset (without one, UTC), from 0001-01-02 to 9999-12-30 "
        "in UTC. Omitted on a new article: now.",
    )
    comments_open: StrictBool = True

    @field_validator("published_at", mode="before")
    @classmethod
    def _a_string(cls, value: Any) -> Any:
        # A date-time is written as a string; pydantic would also read 0 or 1.7e9 as one.
        if value is not None and not isinstance(value, str):
            raise PydanticCustomError("datetime_type", "A date and time as an ISO 8601 string.")
        return value

    @field_validator("published_at", mode="after")
    @classmethod
    def _utc_when_naive(cls, value: datetime | None) -> datetime | None:
        # Without an offset the time is UTC, whatever the site's TIME_ZONE.
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class ArticleOut(Schema):
    key: str
    site: str = Field(..., description="The key of the site the article belongs to.")
    title: str
    byline: str
    language: str
    url: str
    body: str
    tags: list[str]
    published_at: datetime
    comments_open: bool
    comment_count: int = Field(..., description="Approved comments only.")


class PublicArticleOut(ArticleOut):
    form_token: str = Field(
        ..., description="A fresh token for POST /articles/{key}/comments (`token`)."
    )


class CommentIn(InputSchema):
    author_name: (
        Annotated[str, Field(min_length=1, max_length=settings.MAJLIS["NAME_MAX_LENGTH"])] | None
    ) = Field(
        None, description="Required without `sso`; with a valid `sso`, the token's name is used."
    )
    author_email: (
        Annotated[str, Field(min_length=3, max_length=254, json_schema_extra={"format": "email"})]
        | None
    ) = Field(
        None,
        description="Required without `sso`; with a valid `sso`, the token's email is used. "
        "Never published; moderators only. At most 64 characters before the @, and a domain "
        "with a real top-level label.",
    )
    body: str = Field(..., min_length=1, max_length=settings.MAJLIS["COMMENT_MAX_LENGTH"])
    parent_id: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="An approved comment on the same article, to reply to."
    )
    notify_replies: bool = Field(
        False, description="Mail the commenter when a reply to this comment is approved."
    )
    token: str = Field(
        "",
        max_length=500,
        description="Required without an API token: the `form_token` of GET /articles/{key}, "
        "which ties the comment to its article and expires as the page's form does.",
    )
    website: str = Field("", max_length=200, description="A honeypot: leave it empty.")
    sso: str = Field(
        "",
        max_length=TOKEN_MAX_LENGTH,
        description="A signed-in reader's token from the newsroom's page (`data-majlis-sso`): "
        "a JWT signed with the article's site's sign-in secret (HS256; claims sub, name, email, "
        "exp). The comment is tied to that account and takes its name and email. Empty or "
        "absent: not signed in. An invalid or expired token is a 400 naming `sso`.",
    )


class Accepted(Schema):
    id: int
    status: str


class PublicComment(Schema):
    id: int
    parent_id: int | None
    author_name: str
    body: str
    language: str
    created_at: datetime


class ThreadComment(PublicComment):
    depth: int = Field(..., description="0 for a top-level comment, 1 for a reply to it, …")


class PublicCommentPage(Schema):
    items: list[ThreadComment] = Field(
        ..., description="The page's top-level comments, each followed by all its replies."
    )
    count: int = Field(..., description="Approved comments on all pages.")
    threads: int = Field(..., description="Top-level comments on all pages.")
    page: int
    pages: int
    order: Literal["oldest", "newest"]
    next: str | None
    previous: str | None


class DecisionOut(Schema):
    id: int
    verdict: str
    actor: str
    automatic: bool
    reasons: list[str]
    note: str
    created_at: datetime


class EvidenceOut(Schema):
    category: str
    start: int = Field(
        ...,
        description="Offset in the comment's body, in Unicode code points (not UTF-16 units: "
        "in JavaScript, slice `Array.from(body)`, since an emoji is one point but two units).",
    )
    end: int = Field(..., description="End of the span, exclusive, in code points.")
    source: str = Field(..., description="lexicon, model, link, phone, duplicate, …")
    detail: str


class AssessmentOut(Schema):
    language: str
    language_confidence: float
    scores: dict[str, float] = Field(..., description="toxicity and each category, in [0, 1].")
    evidence: list[EvidenceOut]
    suggestion: Literal["approve", "reject", "review"]
    categories: list[str]
    reasons: list[str]
    risk: float
    versions: dict[str, str]
    duration_ms: float
    created_at: datetime


class SignedInReaderOut(Schema):
    site: str = Field(..., description="The key of the site whose account it is.")
    sub: str = Field(..., description="The account's id on the newsroom's site.")


class ModeratorComment(PublicComment):
    article_key: str
    author_email: str
    status: str
    reader: SignedInReaderOut | None = Field(
        None, description="The newsroom's account that posted it; null if typed in the form."
    )
    assessment: AssessmentOut | None = Field(
        None, description="The automatic moderator's reading; null until it has run."
    )


class ReportOut(Schema):
    """A reader's report, for moderators: a notice of illegal content names its sender."""

    id: int
    reason: str = Field(..., description='A guideline category, or "illegal" (a DSA notice).')
    note: str
    signed_in: bool = Field(..., description="Reported by a signed-in reader's account.")
    notifier_name: str = Field(..., description='For "illegal" only; else empty.')
    notifier_email: str = Field(..., description='For "illegal" only; else empty.')
    good_faith: bool
    concerns_child_abuse: bool
    created_at: datetime
    resolution: Literal["upheld", "dismissed"] | None = Field(
        ..., description="null while the report is open."
    )
    resolved_by: str | None
    resolved_at: datetime | None


class ModeratorCommentDetail(ModeratorComment):
    decisions: list[DecisionOut]
    reports: list[ReportOut] = Field(..., description="Readers' reports, oldest first.")


class ModeratorCommentPage(Schema):
    items: list[ModeratorComment]
    count: int
    next: str | None


class DecisionIn(InputSchema):
    verdict: Literal["approve", "reject"]
    reasons: list[Reason] = Field(
        default=[],
        description="Guideline categories: required for a rejection, none for an approval.",
    )
    note: str = Field("", max_length=NOTE_MAX_LENGTH)
