from __future__ import annotations

from django.urls import path

from majlis.perspective import views

# Google's method names carry a colon; a Django path segment may too.
urlpatterns = [
    path("comments:analyze", views.analyze, name="perspective-analyze"),
    path("comments:suggestscore", views.suggest_score, name="perspective-suggestscore"),
]
