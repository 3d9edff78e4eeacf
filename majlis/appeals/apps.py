from __future__ import annotations

from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "majlis.appeals"
    label = "appeals"
    verbose_name = "Appeals"
