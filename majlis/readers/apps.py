from __future__ import annotations

from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "majlis.readers"
    label = "readers"
    verbose_name = "Signed-in readers"
