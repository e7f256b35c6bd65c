"""API routes for home visits (included under /api/v1/ by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("nominals/<int:pk>/visits/", api.NominalVisitsApi.as_view(), name="nominal-visits"),
    path("visits/<int:pk>/", api.VisitDetailApi.as_view(), name="visit"),
    path("nominals/<int:pk>/visit-schedules/", api.NominalSchedulesApi.as_view(), name="nominal-visit-schedules"),
    path("visit-schedules/<int:pk>/", api.ScheduleDetailApi.as_view(), name="visit-schedule"),
]
