from __future__ import annotations

from django.apps import AppConfig


class CommentersConfig(AppConfig):
    name = "majlis.commenters"
    label = "commenters"
    verbose_name = "Commenters"
