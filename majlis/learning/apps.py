from __future__ import annotations

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "majlis.learning"
    label = "learning"
    verbose_name = "Learning from the desk"
