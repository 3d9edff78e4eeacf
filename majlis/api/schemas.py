"""The API's shapes. Public shapes carry no email; moderator shapes say so in their name."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from majlis.comments.models import Category


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class ArticleIn(Schema):
    key: str = Field(..., description="The publisher's identifier: letters, digits, - and _.")
    title: str
    byline: str = ""
    language: str = Field(..., description="One of en, ckb, kmr, ar, fa, tr.")
    url: str = ""
    body: str = ""
    tags: list[str] = []
    published_at: datetime | None = None
    comments_open: bool = True


class ArticleOut(Schema):
    key: str
    title: str
    byline: str
    language: str
    url: str
    body: str
    tags: list[str]
    published_at: datetime
    comments_open: bool
    comment_count: int = Field(..., description="Approved comments only.")


class CommentIn(Schema):
    author_name: str
    author_email: str = Field(..., description="Never published; moderators only.")
    body: str
    parent_id: int | None = None


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


class ModeratorComment(PublicComment):
    article_key: str
    author_email: str
    status: str
    assessment: AssessmentOut | None = Field(
        None, description="The automatic moderator's reading; null until it has run."
    )


class ModeratorCommentDetail(ModeratorComment):
    decisions: list[DecisionOut]


class ModeratorCommentPage(Schema):
    items: list[ModeratorComment]
    count: int
    next: str | None


class DecisionIn(Schema):
    verdict: Literal["approve", "reject"]
    reasons: list[str] = Field(
        default=[], description=f"Required for a rejection; any of {', '.join(Category.values)}."
    )
    note: str = ""
