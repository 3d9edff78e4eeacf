from __future__ import annotations

from django.contrib import admin

from majlis.accounts.admin import RecordAdmin
from majlis.escalations.models import Escalation


@admin.register(Escalation)
class EscalationAdmin(RecordAdmin):
    # The log of escalations: read here, worked on the desk.
    list_display = ("comment", "escalated_by", "created_at", "sent_back_at", "sent_back_by")
    list_select_related = ("escalated_by", "sent_back_by")
