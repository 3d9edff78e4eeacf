from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils import timezone

from majlis.accounts.admin import RoleRequiredAdmin
from majlis.articles.models import Article, Tag


@admin.register(Tag)
class TagAdmin(RoleRequiredAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Article)
class ArticleAdmin(RoleRequiredAdmin):
    list_display = ("title", "key", "site", "language", "published_at", "comments_open")
    list_filter = ("site", "language", "comments_open", "tags")
    search_fields = ("title", "key", "byline")
    date_hierarchy = "published_at"
    filter_horizontal = ("tags",)
    actions = ("open_comments", "close_comments")
    # A canonical URL typed without a scheme is an https one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # A bulk update skips auto_now: updated_at is set here, or the articles' cached pages
    # (keyed on it) would keep offering, or refusing, the form.
    @admin.action(description="Open comments on the selected articles")
    def open_comments(self, request, queryset) -> None:
        queryset.update(comments_open=True, updated_at=timezone.now())

    @admin.action(description="Close comments on the selected articles")
    def close_comments(self, request, queryset) -> None:
        queryset.update(comments_open=False, updated_at=timezone.now())
