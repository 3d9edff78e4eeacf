"""Webhooks are set up by admins; their deliveries are a log, read-only but for "retry now"."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from majlis.accounts.admin import RecordAdmin, RoleRequiredAdmin
from majlis.accounts.models import Role
from majlis.lib.outbox import admin_retry
from majlis.webhooks import delivery
from majlis.webhooks.models import Delivery, Event, Webhook


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None ticked: every event.",
    )

    class Meta:
        model = Webhook
        fields = ("url", "secret", "events", "site", "active")


@admin.register(Webhook)
class WebhookAdmin(RoleRequiredAdmin):
    required_role = Role.ADMIN
    form = WebhookForm
    list_display = ("url", "event_list", "site", "active", "created_at")
    list_filter = ("active", "site")
    list_select_related = ("site",)

    @admin.display(description="events")
    def event_list(self, obj: Webhook) -> str:
        return ", ".join(obj.events) or "every event"

    def has_delete_permission(self, request, obj=None) -> bool:
        # Its deliveries are its log, and other processes may still queue for it: switch it
        # off (active) instead.
        return False


@admin.register(Delivery)
class DeliveryAdmin(RecordAdmin):
    required_role = Role.ADMIN
    list_display = (
        "id",
        "created_at",
        "webhook",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    )
    list_filter = ("status", "event", "webhook")
    list_select_related = ("webhook",)
    date_hierarchy = "created_at"
    actions = ("retry_selected",)

    def get_readonly_fields(self, request, obj=None):
        return [*(f.name for f in self.model._meta.fields if f.name != "body"), "payload"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description="payload")
    def payload(self, obj: Delivery):
        try:
            shown = json.dumps(json.loads(obj.body), ensure_ascii=False, indent=2)
        except ValueError:
            shown = obj.body
        return format_html("<pre>{}</pre>", shown)

    def has_change_permission(self, request, obj=None) -> bool:
        # The list (and its action) needs it; a single delivery's page is read-only.
        return obj is None and super().has_change_permission(request)

    @admin.action(description="Retry the selected deliveries now")
    def retry_selected(self, request, queryset) -> None:
        admin_retry(self, request, queryset, delivery.OUTBOX)
