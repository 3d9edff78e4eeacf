from __future__ import annotations

from django.contrib import admin, messages

from majlis.perspective.models import ApiKey, ScoreSuggestion


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "qps", "created", "revoked", "signed_by_coral")
    fields = ("name", "qps", "coral_secret", "revoked")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            # The plain key is shown once, here; only its digest is kept.
            issued, plain = ApiKey.objects.issue(obj.name, obj.qps, obj.coral_secret.strip())
            obj.pk, obj.digest, obj.created = issued.pk, issued.digest, issued.created
            self.message_user(request, f"The new key (shown only now): {plain}", messages.WARNING)
            return
        obj.coral_secret = obj.coral_secret.strip()
        super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description="Coral signature checked")
    def signed_by_coral(self, obj: ApiKey) -> bool:
        return bool(obj.coral_secret)


@admin.register(ScoreSuggestion)
class ScoreSuggestionAdmin(admin.ModelAdmin):
    list_display = ("created", "api_key", "client_token", "community_id")
    readonly_fields = (
        "api_key",
        "attribute_scores",
        "languages",
        "client_token",
        "community_id",
        "text",
        "created",
    )
