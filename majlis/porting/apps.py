from __future__ import annotations

from django.apps import AppConfig


class PortingConfig(AppConfig):
    """Bringing comments along from another system: `majlis import FORMAT FILE`."""

    name = "majlis.porting"
    label = "porting"
    verbose_name = "Import"
