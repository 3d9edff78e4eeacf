from __future__ import annotations

from django.urls import path

from majlis.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.request_link, name="request"),
    path("<str:token>/", views.data, name="data"),
    path("<str:token>/my-comments.json", views.download, name="download"),
    path("<str:token>/withdraw/", views.withdraw, name="withdraw"),
]
