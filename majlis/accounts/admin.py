from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from majlis.accounts.models import ApiToken, Role, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Majlis", {"fields": ("role",)}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Majlis", {"fields": ("role",)}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "created_at", "last_used_at")

    def has_add_permission(self, request) -> bool:
        # A token's plain value is shown once, by `majlis create-user --print-token`.
        return False


class RoleRequiredAdmin(admin.ModelAdmin):
    """Admin pages governed by Majlis roles rather than per-model permission rows.

    Editors are staff so that they can reach the admin; what they may do there follows from
    their role, so no one has to tick permission boxes for a new editor.
    """

    required_role = Role.EDITOR

    def _allowed(self, request) -> bool:
        return request.user.is_active and request.user.has_role(self.required_role)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


class RecordAdmin(RoleRequiredAdmin):
    """A log the admin may read but never add to, change or delete from."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
