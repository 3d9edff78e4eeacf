from __future__ import annotations

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "majlis.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from majlis.sites.models import Site
        from majlis.webhooks import events
        from majlis.webhooks.models import Webhook

        # This process sees a changed webhook at its next event; others within a few seconds.
        post_save.connect(events.forget_on_change, sender=Webhook, dispatch_uid="webhook-saved")
        post_delete.connect(events.forget_on_change, sender=Webhook, dispatch_uid="webhook-gone")
        # A site's key is in every payload about its articles.
        post_save.connect(events.forget_on_change, sender=Site, dispatch_uid="webhook-site")
