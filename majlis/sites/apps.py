from __future__ import annotations

from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "majlis.sites"
    label = "majlis_sites"
    verbose_name = "Sites"

    def ready(self) -> None:
        from majlis.sites import cors  # noqa: F401  (connects the CORS check)
