"""Who asked for no more mail (by digest only) and who asked to hear of replies."""

from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RecordAdmin
from majlis.notices.models import ReplySubscription, Unsubscribed


@admin.register(Unsubscribed)
class UnsubscribedAdmin(RecordAdmin):
    list_display = ("digest", "created_at")


@admin.register(ReplySubscription)
class ReplySubscriptionAdmin(RecordAdmin):
    list_display = ("comment", "created_at")
