from __future__ import annotations

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "majlis.dashboard"
    label = "majlis_dashboard"
