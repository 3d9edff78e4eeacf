from __future__ import annotations

from django.urls import path

from majlis.embed import views

app_name = "embed"

urlpatterns = [
    path("embed.js", views.embed_js, name="embed_js"),
    path("count.js", views.count_js, name="count_js"),
]
