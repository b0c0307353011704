"""URL configuration: portal pages, the API under /api/, the admin and login."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from verksam.api.api import api
from verksam.api.not_found import UNKNOWN_API_PATH, api_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls), re_path(UNKNOWN_API_PATH, api_not_found),  # unknown /api/… → JSON 404
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("verksam.core.urls")),
    path("", include("verksam.planning.urls")),
    path("", include("verksam.organisation.urls")),
    path("", include("verksam.cases.urls")),
    path("", include("verksam.cases.urls_output")),
    path("", include("verksam.followup.urls")),
    path("", include("verksam.followup.urls_reports")),
    path("", include("verksam.followup.urls_exchange")),
    path("", include("verksam.followup.urls_rollup")),
    path("", include("verksam.control.urls_risks")),
    path("", include("verksam.control.urls_controls")),
    path("", include("verksam.control.urls_oversight")),
    path("", include("verksam.control.urls_output")),
    path("", include("verksam.integrations.urls")),
    path("", include("verksam.portal.urls")),
]
