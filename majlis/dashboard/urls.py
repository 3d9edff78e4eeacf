from __future__ import annotations

from django.urls import path

from majlis.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:table>.csv", views.table_csv, name="csv"),
]
