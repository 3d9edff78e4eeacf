"""The embed's shapes. Like every public shape, none carries an email address."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from majlis.api.schemas import ArticleKey, InputSchema, Language


class EmbedArticle(Schema):
    key: str
    site: str = Field(..., description="The key of the article's site: name it as `site`.")
    title: str
    language: str
    url: str
    comments_open: bool
    comment_count: int = Field(..., description="Approved comments only.")


class EmbedReason(Schema):
    value: str
    label: str


class EmbedReportStrings(Schema):
    """The report form's words (POST /api/v1/comments/{id}/reports)."""

    legend: str
    reasons: list[EmbedReason] = Field(..., description='The guideline categories, then "illegal".')
    note: str
    notice_legend: str
    notice_help: str
    name: str
    email: str
    email_help: str
    child_abuse: str
    good_faith: str
    send: str
    thanks: str = Field(..., description="Shown once a report is received.")


class EmbedStrings(Schema):
    """Every word the embed shows, in the article's language."""

    heading: str = Field(..., description='The count as a heading, e.g. "3 comments".')
    oldest_first: str
    newest_first: str
    reply: str
    replying_to: str
    cancel: str
    load_more: str
    pages: str
    join: str
    moderated: str
    thanks: str = Field(..., description="Shown once a comment is received.")
    closed: str
    name: str
    email: str
    email_help: str
    comment: str
    honeypot: str
    post: str
    smaller: str
    larger: str
    text_size: str = Field(..., description="The A+ / A- group's name.")
    reset: str = Field(..., description="Back to 100 %.")
    correct_form: str
    commenting_as: str = Field(..., description="With `%(name)s` for the signed-in name.")
    failed: str
    report: str
    report_form: EmbedReportStrings


class RelativeTimes(Schema):
    """ "5 minutes ago" in the article's language: item n-1 of each list is n of its unit.
    Past the last day listed, the embed shows the date."""

    now: str
    minutes: list[str] = Field(..., description="1 to 59 minutes ago.")
    hours: list[str] = Field(..., description="1 to 23 hours ago.")
    days: list[str] = Field(..., description="1 to 29 days ago.")


class EmbedArticleOut(Schema):
    article: EmbedArticle
    dir: Literal["ltr", "rtl"] = Field(..., description="The article's writing direction.")
    form_token: str = Field(
        ..., description="A fresh token for POST /articles/{key}/comments (`token`)."
    )
    guidelines: str = Field(..., description="The community guidelines, plain text.")
    strings: EmbedStrings
    relative_times: RelativeTimes


class EmbedMissingOut(Schema):
    detail: str
    registers: bool = Field(
        False,
        description="True when the site registers its articles from their pages: POST "
        "/api/v1/embed/articles.",
    )


class EmbedArticleIn(InputSchema):
    key: ArticleKey
    title: str = Field(..., min_length=1, max_length=300)
    url: str = Field(..., min_length=1, max_length=500, description="On one of the site's origins.")
    language: Language | None = Field(None, description="By default the site's language.")


class EmbedCount(Schema):
    count: int
    label: str = Field(..., description='The count in words, e.g. "3 comments".')


class EmbedCountsOut(Schema):
    counts: dict[str, EmbedCount] = Field(..., description="By article key.")
