from __future__ import annotations

from django.urls import path

from majlis.appeals import desk as appeals
from majlis.desk import views

app_name = "desk"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("log/", views.log, name="log"),
    path("comments/<int:comment_id>/", views.comment_detail, name="comment"),
    path("comments/<int:comment_id>/decide/", views.decide, name="decide"),
    path("appeals/", appeals.queue, name="appeals"),
    path("appeals/<int:appeal_id>/decide/", appeals.decide, name="appeal-decide"),
]
