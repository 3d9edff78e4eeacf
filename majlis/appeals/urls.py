from __future__ import annotations

from django.urls import path

from majlis.appeals import views

app_name = "appeals"

urlpatterns = [path("<str:token>/", views.appeal, name="appeal")]
