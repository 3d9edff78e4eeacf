"""Learned models are read here, never edited: `majlis learn` writes them."""

from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RecordAdmin
from majlis.learning.models import LearnedModel


@admin.register(LearnedModel)
class LearnedModelAdmin(RecordAdmin):
    list_display = ("site", "language", "head", "version", "outcome", "active", "created_at")
    list_filter = ("site", "language", "outcome", "active")
    list_select_related = ("site",)
    exclude = ("weights",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "weights"]
