from __future__ import annotations

from django.urls import path

from majlis.desk import reports, views

app_name = "desk"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("log/", views.log, name="log"),
    path("comments/<int:comment_id>/", views.comment_detail, name="comment"),
    path("comments/<int:comment_id>/decide/", views.decide, name="decide"),
    path("reported/", reports.reported, name="reported"),
    path("reported/log/", reports.report_log, name="report_log"),
    path("comments/<int:comment_id>/reports/", reports.resolve, name="resolve_reports"),
]
