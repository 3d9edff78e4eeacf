from __future__ import annotations

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "majlis.notices"
    label = "notices"
    verbose_name = "Mail to commenters"
