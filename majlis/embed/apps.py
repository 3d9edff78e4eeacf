from __future__ import annotations

from django.apps import AppConfig


class EmbedConfig(AppConfig):
    name = "majlis.embed"
    label = "majlis_embed"
    verbose_name = "Embed"
