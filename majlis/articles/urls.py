from __future__ import annotations

from django.urls import path

from majlis.articles import views
from majlis.comments.views import post_comment

app_name = "articles"

urlpatterns = [
    path("", views.front, name="front"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("articles/<slug:key>/", views.article, name="article"),
    path("articles/<slug:key>/comments/", post_comment, name="post_comment"),
    # The articles of the install's other sites.
    path("sites/<slug:site>/articles/<slug:key>/", views.article, name="site_article"),
    path(
        "sites/<slug:site>/articles/<slug:key>/comments/",
        post_comment,
        name="site_post_comment",
    ),
]
