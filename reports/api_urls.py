"""API routes under /api/v1/reports/ (included by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("annual/", api.AnnualReportApi.as_view(), name="annual-report"),
    path("quarterly/", api.QuarterlyReportApi.as_view(), name="quarterly-report"),
    path("population/", api.PopulationListCreateApi.as_view(), name="populations"),
    path("population/<int:pk>/", api.PopulationDetailApi.as_view(), name="population"),
]
