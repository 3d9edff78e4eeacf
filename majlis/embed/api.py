"""The embed's endpoints, under /api/v1/embed/: what the script asks before it draws a thread.

The thread itself is read and posted through the articles API (`/api/v1/articles/{key}/
comments`), as any client does; these only add what a page of another origin needs first:
the article with its form token, the interface's words and the guidelines in one cacheable
answer, the registration of an article the newsroom never sent us, and counts for a list.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated
from urllib.parse import urlsplit

import ninja
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja import Query, Router

from majlis.api.api import InvalidInput, api, json_body, refuse_foreign_origin
from majlis.api.schemas import KEY_PATTERN, ArticleKey, ErrorOut, Language, SiteKey
from majlis.articles.models import Article
from majlis.comments.forms import form_token
from majlis.comments.limits import client_key
from majlis.comments.models import Guideline, Status
from majlis.embed.schemas import (
    EmbedArticleIn,
    EmbedArticleOut,
    EmbedCountsOut,
    EmbedMissingOut,
)
from majlis.embed.strings import comment_count_label, embed_strings, relative_times
from majlis.lib import readcache
from majlis.sites.models import Site, normalise_origin
from majlis.sites.requests import site_of

router = Router(tags=["embed"])

# Registrations per client address: a page registers its article once, on its first view.
REGISTER_RATE = "20/m"
# Keys in one count request: an article list's worth.
MAX_COUNT_KEYS = 100


def _errors(*codes: int) -> dict[int, type[ErrorOut]]:
    return dict.fromkeys((*codes, 503), ErrorOut)


def _site(request: HttpRequest, key: str | None) -> Site:
    """The site a request is for (named, by its Origin, or the default); 404 for a key that
    names none."""
    told = site_of(request, key)
    if told is None:
        return Site.default()
    if isinstance(told, Site):
        return told
    found = Site.objects.filter(key=told).first()
    if found is None:
        raise ninja.errors.HttpError(404, "No site has this key.")
    return found


def _language(asked: str | None, site: Site) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return asked if asked in codes else site.language


def _fixed(response: HttpResponse, language: str | None = None) -> HttpResponse:
    # The language comes from the address (the article, or ?language=), never the reader's
    # Accept-Language: a CDN keeps one copy (see QueryLocaleMiddleware).
    response.fixed_language = True
    if language:
        response["Content-Language"] = language
    return response


def _answer(article: Article) -> dict:
    count = article.comments.approved().count()
    guideline = Guideline.for_language(article.language)
    return {
        "article": {
            "key": article.key,
            "site": article.site.key,
            "title": article.title,
            "language": article.language,
            "url": article.url,
            "comments_open": article.comments_open,
            "comment_count": count,
        },
        "dir": "rtl" if article.is_rtl else "ltr",
        "form_token": form_token(article),
        "guidelines": guideline.text if guideline else "",
        "strings": embed_strings(article.language, count),
        "relative_times": relative_times(article.language),
    }


def _render(request: HttpRequest, article: Article, status: int = 200) -> HttpResponse:
    data = EmbedArticleOut.model_validate(_answer(article)).model_dump()
    return _fixed(api.create_response(request, data, status=status))


def _serve(request: HttpRequest, article: Article) -> HttpResponse:
    """The embed's answer for `article`, from the read cache as the article API's is: the
    form token in it lives far longer than the cache keeps it."""
    cache_key = readcache.key("embed-article", article.pk, article.thread_version)
    response = readcache.serve(
        request, cache_key, lambda: _render(request, article), changed_at=article.thread_changed_at
    )
    response["Content-Language"] = article.language
    return response


def _missing(request: HttpRequest, site: Site, key: str, language: str) -> HttpResponse:
    with translation.override(language):
        if site.auto_register:
            detail = _("There is no article %(key)s on this site yet.") % {"key": key}
        else:
            detail = _(
                "There is no article %(key)s on this site, and its articles are not "
                "registered from their pages: the newsroom adds them to Majlis."
            ) % {"key": key}
    answer = {"detail": detail, "registers": site.auto_register}
    return _fixed(api.create_response(request, answer, status=404), language)


@router.get(
    "/articles/{key}",
    response={200: EmbedArticleOut, 404: EmbedMissingOut, **_errors(400, 403)},
)
def embed_article(
    request: HttpRequest,
    key: ArticleKey,
    site: SiteKey | None = None,
    language: Language | None = None,
):
    """The article as the embed draws it: its approved-comment count, a `form_token` for
    posting, the guidelines, and every word of the interface (`strings`) in the article's
    language. From a page that is not one of the site's origins, a 403 naming the origin.

    An unknown key is a 404 whose `detail` (in `language`, else the site's) the embed shows,
    unless `registers` is true: then the site registers its articles from their pages, and
    the embed POSTs to `/api/v1/embed/articles`. Cached; revalidate with the ETag.
    """
    found = _site(request, site)
    speak = _language(language, found)
    refused = refuse_foreign_origin(request, found, speak)
    if refused:
        return _fixed(refused, speak)
    article = Article.objects.published().filter(site=found, key=key).select_related("site").first()
    if article is None:
        return _missing(request, found, key, speak)
    return _serve(request, article)


def _flood(request: HttpRequest) -> HttpResponse | None:
    usage = get_usage(
        request, group="embed-register", key=client_key, rate=REGISTER_RATE, increment=True
    )
    if not (usage and usage["should_limit"]):
        return None
    response = api.create_response(
        request,
        {"detail": _("Too many requests from your connection. Please wait a minute.")},
        status=429,
    )
    response["Retry-After"] = str(max(1, int(usage["time_left"])))
    return response


def _on_site_origin(url: str, site: Site) -> bool:
    parts = urlsplit(url)
    try:
        return normalise_origin(f"{parts.scheme}://{parts.netloc}") in site.origin_list()
    except ValueError:
        return False


@router.post(
    "/articles",
    response={200: EmbedArticleOut, 201: EmbedArticleOut, **_errors(400, 403, 404, 415, 429)},
)
@json_body
def register_article(request: HttpRequest, payload: EmbedArticleIn, site: SiteKey | None = None):
    """Register the article a page of one of the site's origins embeds, if the site lets its
    articles register themselves (`auto_register`); answer as GET does, 201 when it was
    created and 200 when it was there already (nothing is changed then). The `url` must be
    on one of the site's origins. Rate-limited per client address."""
    found = _site(request, site)
    language = _language(payload.language, found)
    refused = refuse_foreign_origin(request, found, language)
    if refused:
        return _fixed(refused, language)
    flood = _flood(request)
    if flood:
        return flood
    existing = found.articles.filter(key=payload.key).select_related("site").first()
    if existing is not None:
        return _existing(request, existing, language)
    if not found.auto_register:
        with translation.override(language):
            detail = _("This site's articles are not registered from their pages.")
        return api.create_response(request, {"detail": detail}, status=403)
    if not _on_site_origin(payload.url, found):
        with translation.override(language):
            message = _("The address must be on one of the site's origins.")
        raise InvalidInput({"url": [message]})
    article = Article(
        site=found,
        key=payload.key,
        title=payload.title.strip(),
        url=payload.url.strip(),
        language=language,
        published_at=timezone.now(),
    )
    try:
        article.full_clean(validate_unique=False)
    except ValidationError as error:
        raise InvalidInput(
            {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        ) from None
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Two first views of a page at once: the other registered it; answer with theirs.
        existing = found.articles.filter(key=payload.key).select_related("site").first()
        if existing is None:
            raise
        return _existing(request, existing, language)
    return _render(request, article, 201)


def _existing(request: HttpRequest, article: Article, language: str) -> HttpResponse:
    if article.published_at > timezone.now():
        # Known but not out yet: its thread opens when it is published.
        return _missing(request, article.site, article.key, language)
    return _render(request, article)


@router.get("/counts", response={200: EmbedCountsOut, **_errors(400, 403, 404)})
def counts(
    request: HttpRequest,
    # Named apart from the parameter: ninja's parsed query has a `keys` of its own.
    article_keys: Annotated[str, Query(alias="keys", max_length=100 * 201)],
    site: SiteKey | None = None,
    language: Language | None = None,
):
    """Approved-comment counts of up to 100 articles of a site (`keys`, comma-separated),
    with each count's `label` ("3 comments") in `language`, else the article's. Keys that
    name no published article are left out. Revalidate with the ETag."""
    wanted = list(dict.fromkeys(k.strip() for k in article_keys.split(",") if k.strip()))
    if not wanted:
        raise InvalidInput({"keys": ["Give one or more article keys, comma-separated."]})
    if len(wanted) > MAX_COUNT_KEYS:
        raise InvalidInput({"keys": [f"At most {MAX_COUNT_KEYS} keys at a time."]})
    if not all(len(k) <= 200 and re.fullmatch(KEY_PATTERN, k) for k in wanted):
        raise InvalidInput({"keys": ["Keys are letters, digits, - and _ (200 at most each)."]})
    found = _site(request, site)
    speak = _language(language, found)
    refused = refuse_foreign_origin(request, found, speak)
    if refused:
        return _fixed(refused, speak)
    rows = (
        Article.objects.published()
        .filter(site=found, key__in=wanted)
        .annotate(approved=Count("comments", filter=Q(comments__status=Status.APPROVED)))
        .values_list("key", "language", "approved")
    )
    answer = {}
    for key, article_language, approved in rows:
        with translation.override(language or article_language):
            answer[key] = {"count": approved, "label": comment_count_label(approved)}
    body = json.dumps({"counts": answer}, ensure_ascii=False, sort_keys=True).encode()
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    response["ETag"] = etag
    readcache.make_public(response)
    if language:
        response["Content-Language"] = language
    return _fixed(get_conditional_response(request, etag=etag, response=response))
