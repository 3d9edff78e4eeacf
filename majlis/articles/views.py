"""Public pages: the front page, tag pages and the article page with its comments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime, now

from majlis.articles.models import Article, Tag
from majlis.comments.forms import CommentForm
from majlis.comments.models import Comment, Guideline, Status
from majlis.comments.threads import Entry, ThreadPage, page_of, thread_page
from majlis.lib import readcache
from majlis.lib.readable import isolated_paragraphs
from majlis.lib.relative_time import relative_time, words

ARTICLES_PER_PAGE = 20
# Query parameters that make the article page particular to one reader's request.
FRESH_PARAMS = frozenset({"posted", "reply"})
# A page showing "5 minutes ago" is kept this long at most, so that without a script (which
# keeps them current) the times drift little; an older thread's page, the full lifetime.
YOUNG_THREAD_SECONDS = 60 * 60
YOUNG_PAGE_LIFETIME = 60


def front(request: HttpRequest) -> HttpResponse:
    articles = (
        Article.objects.published().newest_first().select_related("site").prefetch_related("tags")
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/front.html", {"page": page})


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = (
        tag.articles.published().newest_first().select_related("site").prefetch_related("tags")
    )
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/tag.html", {"tag": tag, "page": page})


def published_article(key: str, site: str | None = None) -> Article:
    """The published article `key` of the site named `site` (the default site for None)."""
    articles = Article.objects.published().in_site(site).select_related("site")
    return get_object_or_404(articles, key=key)


def article(request: HttpRequest, key: str, site: str | None = None) -> HttpResponse:
    article = published_article(key, site)
    # Here, not only when rendering: a page from the cache says its language too.
    translation.activate(article.language)
    deep_link = request.GET.get("comment", "")
    if deep_link.isdecimal():
        return _to_comment(request, article, int(deep_link))
    if (
        not _is_anonymous(request)
        or request.method not in ("GET", "HEAD")
        or FRESH_PARAMS.intersection(request.GET)
    ):
        # A signed-in person's page, a thank-you or a reply form: for this reader only.
        response = render_article(request, article)
        readcache.make_private(response)
        response.fixed_language = True
        return response
    # The article is read before the thread: a decision committed in between makes a newer
    # page under the older version's key, never a stale page under the newer one.
    cache_key = readcache.key(
        "page", article.pk, article.thread_version, _page_number(request), _order(request)
    )
    return readcache.serve(
        request,
        cache_key,
        lambda: render_article(request, article),
        changed_at=article.thread_changed_at,
        vary_on_cookie=True,
        lifetime=_page_lifetime(article),
    )


def _page_lifetime(article: Article) -> int | None:
    """A thread changed within the hour may show minutes; none of its comments is older
    than its last change, so an older change means hours or days at the finest."""
    age = (now() - article.thread_changed_at).total_seconds()
    return YOUNG_PAGE_LIFETIME if age < YOUNG_THREAD_SECONDS else None


def _is_anonymous(request: HttpRequest) -> bool:
    # No session cookie, no session to load: the common case costs no query.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def _order(request: HttpRequest) -> str:
    return "newest" if request.GET.get("order") == "newest" else "oldest"


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if not raw.isdecimal() or int(raw) < 1:
        raise Http404("No such page of comments.")
    return int(raw)


def _url(article: Article, *, page: int = 1, order: str = "oldest", **more: object) -> str:
    """The address of a page of the article, leaving out the defaults."""
    params = {"page": page if page > 1 else None, "order": order if order != "oldest" else None}
    query = urlencode({k: v for k, v in {**params, **more}.items() if v is not None})
    return article.get_absolute_url() + (f"?{query}" if query else "")


def _to_comment(request: HttpRequest, article: Article, comment_id: int) -> HttpResponse:
    """`?comment=N`: the page that shows comment N, or the first page if it is not shown."""
    order = _order(request)
    number = page_of(article, comment_id, size=_thread_page_size(), order=order) or 1
    return redirect(f"{_url(article, page=number, order=order)}#comment-{comment_id}")


def _thread_page_size() -> int:
    # Read at call time, not import time, so a test's settings apply.
    return settings.MAJLIS["THREAD_PAGE_SIZE"]


def render_article(
    request: HttpRequest,
    article: Article,
    *,
    form: CommentForm | None = None,
    form_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The article page; the comment view re-renders it with a form's errors."""
    # The page speaks the article's language, whatever the reader's browser asks for.
    translation.activate(article.language)
    request.LANGUAGE_CODE = article.language

    order = _order(request)
    number = _page_number(request)
    page = thread_page(article, number, size=_thread_page_size(), order=order)
    if number > page.pages:
        raise Http404("No such page of comments.")
    here = _url(article, page=number, order=order)
    rows = _rows(page)
    form = form or CommentForm(article=article, initial=_reply_to(request))
    reply = _replying(form, article, rows)
    context = {
        "article": article,
        "tags": list(article.tags.all()),
        "page": page,
        "rows": rows,
        "comment_count": page.total,
        "comments_open": article.comments_open,
        "newest_first": order == "newest",
        # A reply link keeps the reader on this page: `…?page=2&reply=N`.
        "reply_prefix": here + ("&" if "?" in here else "?"),
        # Each comment's Report link: this, its id, then "/report/".
        "report_prefix": reverse("report_comment", args=[0]).removesuffix("0/report/"),
        "next_url": _url(article, page=number + 1, order=order) if page.has_next else "",
        "previous_url": _url(article, page=number - 1, order=order) if page.has_previous else "",
        "form": form,
        "form_error": form_error,
        # A refused post is shown again on the page it was sent from, its parent in sight.
        "form_action": article.get_post_url() + here.removeprefix(article.get_absolute_url()),
        # The comment the form answers (its id and author), the form under it when it is
        # on this page; a reply link without JavaScript, or a refused reply, is shown so.
        "reply": reply,
        "reply_under": reply["id"] if reply and reply["shown"] else "",
        "cancel_reply_url": f"{here}#comment-form",
        "relative_times": words(),
        "guideline": Guideline.for_language(article.language),
        "posted": _posted_comment(request, article),
    }
    return render(request, "articles/article.html", context, status=status)


def _rows(page: ThreadPage) -> list[dict]:
    """What the template prints per comment, worked out once here rather than by filters:
    a flat loop over these costs a fraction of a recursive include."""
    rows = []
    when = _date_formatter()
    moment = now()
    # A reply standing at the top level has a parent no longer published; one query says
    # which of those parents were withdrawn by their authors (none on most pages).
    orphaned = {e.comment.parent_id for e in page.entries if e.depth == 0 and e.comment.parent_id}
    withdrawn = (
        set(
            Comment.objects.filter(pk__in=orphaned, status=Status.WITHDRAWN).values_list(
                "pk", flat=True
            )
        )
        if orphaned
        else set()
    )
    for entry in page.entries:
        comment = entry.comment
        created = localtime(comment.created_at)
        rows.append(
            {
                "id": str(comment.pk),
                "author_name": comment.author_name,
                "language": comment.language,
                # Paragraphs as `linebreaks` makes them, escaped, numbers and ids isolated.
                "body": isolated_paragraphs(comment.body),
                "iso": created.isoformat(),
                "when": when(created),
                "ago": relative_time(created, moment),
                "then": _after(entry),
                "after_withdrawn": entry.depth == 0 and comment.parent_id in withdrawn,
            }
        )
    return rows


def _reply_to(request: HttpRequest) -> dict:
    """Without JavaScript, a reply link carries its parent in `?reply=`."""
    reply = request.GET.get("reply", "")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return {"parent_id": int(reply)} if reply.isdecimal() else {}


def _replying(form: CommentForm, article: Article, rows: list[dict]) -> dict | None:
    """The published comment `form` answers, as `{"id", "author_name", "shown"}` (shown:
    on this page), or None: no parent, or one that cannot be answered."""
    raw = form["parent_id"].value()
    parent_id = str(raw) if raw is not None else ""
    if not parent_id.isdecimal():
        return None
    for row in rows:
        if row["id"] == parent_id:
            return {"id": parent_id, "author_name": row["author_name"], "shown": True}
    name = (
        Comment.objects.approved()
        .filter(article=article, pk=int(parent_id))
        .values_list("author_name", flat=True)
        .first()
    )
    return {"id": parent_id, "author_name": name, "shown": False} if name is not None else None


def _posted_comment(request: HttpRequest, article: Article) -> bool:
    """Whether to thank the reader for a comment just posted (the no-JavaScript path)."""
    posted = request.GET.get("posted", "")
    return posted.isdecimal() and Comment.objects.filter(pk=int(posted), article=article).exists()


# Format characters finer than a minute (seconds, microseconds, the epoch, full timestamps).
_SUB_MINUTE = frozenset("suvUcr")


def _date_formatter() -> Callable[[datetime], str]:
    """Django's DATETIME_FORMAT in the active language (the article's), as the date filter
    would write it. The six languages' formats stop at minutes, so each minute is formatted
    once per language and reused by every later render of any page."""
    fmt = get_format("DATETIME_FORMAT")
    if not _SUB_MINUTE.isdisjoint(fmt):
        return lambda value: dateformat.format(value, fmt)
    language = translation.get_language()
    return lambda value: _by_minute(language, fmt, value.replace(second=0, microsecond=0))


@lru_cache(maxsize=8192)
def _by_minute(language: str, fmt: str, minute: datetime) -> str:
    return dateformat.format(minute, fmt)


def _after(entry: Entry) -> str:
    """The fixed markup after a comment: the list its replies open (indented down to three
    levels), or the tags that close it and the reply lists ending with it."""
    if entry.has_replies:
        nested = " nested" if entry.depth < 3 else ""
        return mark_safe(f'<ol class="thread{nested}">')  # noqa: S308
    return mark_safe("</li>" + "</ol></li>" * entry.closes)  # noqa: S308
