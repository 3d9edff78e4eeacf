from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Majlis in production: `serve`, `backup`, `restore`, `/healthz`, and the 503
    answered while the database is unreachable."""

    name = "majlis.ops"
    label = "ops"
    verbose_name = "Operations"
