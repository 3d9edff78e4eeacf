from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "majlis.accounts"
    label = "accounts"
