"""API routes for the victims section (included under /api/v1/ by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("nominals/<int:pk>/victims/", api.PersonVictimsApi.as_view(), name="nominal-victims"),
    path("victims/<int:pk>/", api.VictimDetailApi.as_view(), name="victim"),
    path("victims/<int:pk>/notifications/", api.VictimNotificationsApi.as_view(), name="victim-notifications"),
]
