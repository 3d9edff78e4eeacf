from __future__ import annotations

from django.urls import path

from majlis.notices import views

app_name = "notices"

urlpatterns = [path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe")]
