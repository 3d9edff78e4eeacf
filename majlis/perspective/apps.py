from __future__ import annotations

from django.apps import AppConfig


class PerspectiveConfig(AppConfig):
    name = "majlis.perspective"
    label = "perspective"
    verbose_name = "Perspective-compatible API"
