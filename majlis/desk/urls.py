from __future__ import annotations

from django.urls import path

from majlis.appeals import desk as appeals
from majlis.desk import commenters, compact, escalations, reports, views

app_name = "desk"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("log/", views.log, name="log"),
    path("comments/<int:comment_id>/", views.comment_detail, name="comment"),
    path("comments/<int:comment_id>/decide/", views.decide, name="decide"),
    path("reported/", reports.reported, name="reported"),
    path("reported/log/", reports.report_log, name="report_log"),
    path("comments/<int:comment_id>/reports/", reports.resolve, name="resolve_reports"),
    path("appeals/", appeals.queue, name="appeals"),
    path("appeals/<int:appeal_id>/decide/", appeals.decide, name="appeal-decide"),
    path("comments/<int:comment_id>/standing/", commenters.set_standing, name="standing"),
    path("comments/<int:comment_id>/commenter/", commenters.commenter, name="commenter"),
    path("comments/<int:comment_id>/cluster/", commenters.cluster, name="cluster"),
    path("comments/<int:comment_id>/escalate/", escalations.escalate, name="escalate"),
    path("comments/<int:comment_id>/send-back/", escalations.send_back, name="send_back"),
    path("bulk/", commenters.bulk, name="bulk"),
    path("escalated/", escalations.queue, name="escalated"),
    path("compact/", compact.toggle, name="compact"),
]
