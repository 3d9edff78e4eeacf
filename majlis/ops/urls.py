from __future__ import annotations

from django.urls import path

from majlis.ops import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
