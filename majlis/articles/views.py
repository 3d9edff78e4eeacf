"""Public pages: the front page, tag pages and the article page with its comments."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from majlis.articles.models import Article, Tag
from majlis.comments.forms import CommentForm
from majlis.comments.models import Comment, Guideline
from majlis.comments.threads import build_threads

ARTICLES_PER_PAGE = 20


def front(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().newest_first().prefetch_related("tags")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/front.html", {"page": page})


def tag(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    articles = tag.articles.published().newest_first().prefetch_related("tags")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/tag.html", {"tag": tag, "page": page})


def article(request: HttpRequest, key: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), key=key)
    return render_article(request, article)


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

    newest_first = request.GET.get("order") == "newest"
    comments = list(
        Comment.objects.approved()
        .filter(article=article)
        .only("id", "parent_id", "author_name", "body", "language", "created_at", "article_id")
    )
    posted = _posted_comment(request, article)
    context = {
        "article": article,
        "tags": list(article.tags.all()),
        "threads": build_threads(comments, newest_first=newest_first),
        "comment_count": len(comments),
        "newest_first": newest_first,
        "form": form or CommentForm(article=article, initial=_reply_to(request)),
        "form_error": form_error,
        "guideline": Guideline.for_language(article.language),
        "posted": posted,
    }
    return render(request, "articles/article.html", context, status=status)


def _reply_to(request: HttpRequest) -> dict:
    """Without JavaScript, a reply link carries its parent in `?reply=`."""
    reply = request.GET.get("reply", "")
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    return {"parent_id": int(reply)} if reply.isdecimal() else {}


def _posted_comment(request: HttpRequest, article: Article) -> bool:
    """Whether to thank the reader for a comment just posted (the no-JavaScript path)."""
    posted = request.GET.get("posted", "")
    return posted.isdecimal() and Comment.objects.filter(pk=int(posted), article=article).exists()
