from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "majlis.reports"
    label = "reports"
    verbose_name = "Reports by readers"
