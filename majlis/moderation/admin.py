"""The site's moderation policy is edited here by admins; assessments are read-only."""

from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RoleRequiredAdmin
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
class CommentAssessmentAdmin(RoleRequiredAdmin):
    list_display = ("comment", "suggestion", "risk", "language", "created_at")
    list_filter = ("suggestion", "language")
    list_select_related = ("comment",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
