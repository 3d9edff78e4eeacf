"""Appeals are read in the admin; they are decided on the desk."""

from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RecordAdmin
from majlis.appeals.models import Appeal


@admin.register(Appeal)
class AppealAdmin(RecordAdmin):
    list_display = ("comment", "created_at", "outcome")
    list_filter = ("outcome",)
