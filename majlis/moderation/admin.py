"""The site's moderation policy is edited here by admins; assessments are read-only."""

from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RecordAdmin, RoleRequiredAdmin
from majlis.accounts.models import Role
from majlis.moderation.models import CommentAssessment, PolicyRule, PolicySettings


@admin.register(PolicySettings)
class PolicySettingsAdmin(RoleRequiredAdmin):
    required_role = Role.ADMIN
    list_display = ("__str__", "automatic", "min_language_confidence")

    def has_add_permission(self, request) -> bool:
        # One row of settings for the site.
        return super().has_add_permission(request) and not PolicySettings.objects.exists()


@admin.register(PolicyRule)
class PolicyRuleAdmin(RoleRequiredAdmin):
    required_role = Role.ADMIN
    list_display = ("category", "language", "reject_at", "approve_below", "always_review")
    list_filter = ("category", "language", "always_review")
    list_editable = ("reject_at", "approve_below", "always_review")


@admin.register(CommentAssessment)
class CommentAssessmentAdmin(RecordAdmin):
    list_display = ("comment", "suggestion", "risk", "language", "created_at")
    list_filter = ("suggestion", "language")
    list_select_related = ("comment",)
