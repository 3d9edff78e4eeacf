from __future__ import annotations

from django.urls import path

from majlis.reports import views

urlpatterns = [
    path("comments/<int:comment_id>/report/", views.report_comment, name="report_comment"),
]
