"""API routes under /api/v1/worklist/ and /api/v1/notifications/ (included by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("worklist/", api.MyWorkApi.as_view(), name="worklist"),
    path("worklist/area/", api.AreaWorkApi.as_view(), name="worklist-area"),
    path("worklist/kinds/", api.WorkKindsApi.as_view(), name="worklist-kinds"),
    path("notifications/", api.NotificationListApi.as_view(), name="notifications"),
    path("notifications/read/", api.NotificationsReadApi.as_view(), name="notifications-read"),
]
