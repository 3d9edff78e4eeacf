from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RoleRequiredAdmin
from majlis.accounts.models import Role
from majlis.sites.models import Site, SiteOrigin


class OriginInline(admin.TabularInline):
    model = SiteOrigin
    extra = 1


@admin.register(Site)
class SiteAdmin(RoleRequiredAdmin):
    # The sign-in secret is the newsroom's to guard: only administrators see sites at all.
    required_role = Role.ADMIN
    list_display = ("name", "key", "language", "auto_register", "is_default")
    search_fields = ("name", "key")
    prepopulated_fields = {"key": ("name",)}
    inlines = (OriginInline,)
    fields = ("name", "key", "language", "auto_register", "trust_after_approvals", "sso_secret")

    def has_delete_permission(self, request, obj=None) -> bool:
        # The default site's articles are Majlis's own pages; it stays.
        return super().has_delete_permission(request, obj) and not (obj and obj.is_default)
