from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RoleRequiredAdmin
from majlis.commenters.models import CommenterStanding, DisposableDomain


@admin.register(CommenterStanding)
class CommenterStandingAdmin(RoleRequiredAdmin):
    # Set on the desk (from a comment); editors review and lift them here.
    list_display = ("standing", "scope", "value", "reader", "category", "set_by", "updated_at")
    list_filter = ("standing", "scope")
    search_fields = ("value", "reader__sub", "note")
    list_select_related = ("reader", "set_by")
    readonly_fields = ("set_by", "updated_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DisposableDomain)
class DisposableDomainAdmin(RoleRequiredAdmin):
    """Domains added to the list Majlis ships (majlis/commenters/disposable_domains.txt)."""

    list_display = ("domain", "added_at")
    search_fields = ("domain",)
