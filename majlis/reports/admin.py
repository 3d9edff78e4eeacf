"""Reports and their resolutions in the admin: records to look up, resolved on the desk."""

from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RecordAdmin
from majlis.reports.models import Report, ReportResolution


@admin.register(Report)
class ReportAdmin(RecordAdmin):
    list_display = ("id", "comment", "reason", "created_at", "resolution")
    list_filter = ("reason", ("resolution", admin.EmptyFieldListFilter))
    search_fields = ("note", "notifier_name", "notifier_email")
    list_select_related = ("comment", "resolution")
    date_hierarchy = "created_at"


@admin.register(ReportResolution)
class ReportResolutionAdmin(RecordAdmin):
    list_display = ("id", "comment", "outcome", "moderator", "created_at")
    list_filter = ("outcome",)
    list_select_related = ("comment", "moderator")
    date_hierarchy = "created_at"
