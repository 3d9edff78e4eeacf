"""Who asked for no more mail (by digest only), who asked to hear of replies, and the mail
outbox (read-only but for "retry now")."""

from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RecordAdmin
from majlis.accounts.models import Role
from majlis.lib.outbox import admin_retry
from majlis.notices import outgoing
from majlis.notices.models import Mail, ReplySubscription, Unsubscribed


@admin.register(Unsubscribed)
class UnsubscribedAdmin(RecordAdmin):
    list_display = ("digest", "created_at")


@admin.register(ReplySubscription)
class ReplySubscriptionAdmin(RecordAdmin):
    list_display = ("comment", "created_at")


@admin.register(Mail)
class MailAdmin(RecordAdmin):
    """The mail outbox: what was sent, what waits for a retry, and what failed and why."""

    required_role = Role.ADMIN
    list_display = (
        "id",
        "created_at",
        "kind",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    actions = ("retry_selected",)

    def has_change_permission(self, request, obj=None) -> bool:
        # The list (and its action) needs it; a single message's page is read-only.
        return obj is None and super().has_change_permission(request)

    @admin.action(description="Retry the selected mail now")
    def retry_selected(self, request, queryset) -> None:
        admin_retry(self, request, queryset, outgoing.OUTBOX)
