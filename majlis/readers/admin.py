"""Signed-in readers in the admin: to look up, never to edit. Their name and email are what
the newsroom's last token said; the account itself lives on the newsroom's site."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from majlis.accounts.admin import RecordAdmin
from majlis.readers.models import Reader


@admin.register(Reader)
class ReaderAdmin(RecordAdmin):
    list_display = ("name", "sub", "site", "email", "comment_count", "last_seen_at")
    list_filter = ("site",)
    search_fields = ("name", "sub", "email")
    list_select_related = ("site",)
    date_hierarchy = "last_seen_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_count=Count("comments"))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "comment_count"]

    @admin.display(description="comments", ordering="comment_count")
    def comment_count(self, obj: Reader):
        url = reverse("admin:comments_comment_changelist") + f"?reader__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.comment_count)
