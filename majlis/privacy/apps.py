from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "majlis.privacy"
    label = "privacy"
    verbose_name = "Commenters' data"
