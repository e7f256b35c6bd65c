"""Every route of OpenMAPPA. Each view declares its access rule (access/declare.py)."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts.api import TokenApi
from cases import api as cases_api
from register import api as register_api

from . import views


class SchemaView(SpectacularAPIView):
    access_rule = "public"
    authentication_classes: list[object] = []


class DocsView(SpectacularSwaggerView):
    access_rule = "public"
    authentication_classes: list[object] = []


api_v1 = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("nominals/", register_api.NominalListCreateApi.as_view(), name="nominals"),
    path("nominals/<int:pk>/", register_api.NominalDetailApi.as_view(), name="nominal"),
    path("nominals/<int:pk>/registrations/", cases_api.RegisterApi.as_view(), name="register"),
    path("registrations/<int:pk>/", cases_api.RegistrationDetailApi.as_view(), name="registration"),
    path("registrations/<int:pk>/level/", cases_api.LevelChangeApi.as_view(), name="level-change"),
    path("registrations/<int:pk>/archive/", cases_api.ArchiveApi.as_view(), name="archive"),
    path("registrations/<int:pk>/reactivate/", cases_api.ReactivateApi.as_view(), name="reactivate"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("people/", include("register.urls")),
    path("people/", include("cases.urls")),
    path("api/v1/", include((api_v1, "api"))),
]

handler404 = "openmappa.views.not_found"
