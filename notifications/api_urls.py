"""API routes for notification records (included under /api/v1/ by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("nominals/<int:pk>/notifications/", api.NominalNotificationsApi.as_view(), name="nominal-notifications"),
    path("notifications/<int:pk>/", api.NotificationDetailApi.as_view(), name="notification"),
    path(
        "nominals/<int:pk>/notification-requirements/",
        api.NominalRequirementsApi.as_view(),
        name="nominal-notification-requirements",
    ),
    path("notification-requirements/<int:pk>/", api.RequirementDetailApi.as_view(), name="notification-requirement"),
    path(
        "nominals/<int:pk>/notification-breaches/",
        api.NominalBreachesApi.as_view(),
        name="nominal-notification-breaches",
    ),
    path("notification-breaches/<int:pk>/", api.BreachDetailApi.as_view(), name="notification-breach"),
    path(
        "nominals/<int:pk>/indefinite-reviews/",
        api.NominalIndefiniteReviewsApi.as_view(),
        name="nominal-indefinite-reviews",
    ),
    path("indefinite-reviews/<int:pk>/", api.IndefiniteReviewDetailApi.as_view(), name="indefinite-review"),
]
