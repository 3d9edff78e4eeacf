from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from majlis.api.api import api
from majlis.embed.api import router as embed_router
from majlis.perspective import coral
from majlis.reports.api import router as reports_router

# The embed's endpoints sit in the same API, documented beside the articles they serve.
api.add_router("/embed", embed_router)
api.add_router("/comments", reports_router)

urlpatterns = [
    path("", include("majlis.articles.urls")),
    path("", include("majlis.embed.urls")),
    path("desk/dashboard/", include("majlis.dashboard.urls")),
    path("", include("majlis.reports.urls")),
    path("desk/", include("majlis.desk.urls")),
    path("api/v1/", api.urls),
    # Perspective API's paths, so its clients only change their host.
    path("v1alpha1/", include("majlis.perspective.urls")),
    # Coral Talk's external moderation phase (its URL is all Coral lets one configure).
    path("coral/moderation", coral.moderation, name="coral-moderation"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("majlis.ops.urls")),
]
