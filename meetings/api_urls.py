"""API routes under /api/v1/meetings/ (included by openmappa/urls.py)."""

from django.urls import path

from . import api, minutes_api

urlpatterns = [
    path("", api.MeetingListCreateApi.as_view(), name="meetings"),
    path("information-requests/", api.InformationRequestListApi.as_view(), name="information-requests"),
    path(
        "information-requests/<int:pk>/response/",
        api.InformationResponseApi.as_view(),
        name="information-request-response",
    ),
    path("minutes-requests/", minutes_api.MinutesRequestListCreateApi.as_view(), name="minutes-requests"),
    path("minutes-requests/<int:pk>/", minutes_api.MinutesRequestDetailApi.as_view(), name="minutes-request"),
    path(
        "minutes-requests/<int:pk>/decision/",
        minutes_api.MinutesRequestDecisionApi.as_view(),
        name="minutes-request-decision",
    ),
    path(
        "minutes-requests/<int:pk>/summary/pdf/",
        minutes_api.ExecutiveSummaryPdfApi.as_view(),
        name="executive-summary-pdf",
    ),
    path("<int:pk>/", api.MeetingDetailApi.as_view(), name="meeting"),
    path("<int:pk>/cancel/", api.MeetingCancelApi.as_view(), name="meeting-cancel"),
    path("<int:pk>/invitations/", api.InvitationApi.as_view(), name="meeting-invitations"),
    path("<int:pk>/attendance/", api.AttendanceApi.as_view(), name="meeting-attendance"),
    path("<int:pk>/attendees/", api.AttendeeApi.as_view(), name="meeting-attendees"),
    path("<int:pk>/action-list/", api.ActionListApi.as_view(), name="meeting-action-list"),
    path("<int:pk>/minutes/", minutes_api.MinutesApi.as_view(), name="minutes"),
    path("<int:pk>/minutes/approve/", minutes_api.MinutesApproveApi.as_view(), name="minutes-approve"),
    path("<int:pk>/minutes/addenda/", minutes_api.MinutesAddendumApi.as_view(), name="minutes-addenda"),
    path("<int:pk>/minutes/shares/", minutes_api.MinutesShareApi.as_view(), name="minutes-shares"),
    path("<int:pk>/minutes/pdf/", minutes_api.MinutesPdfApi.as_view(), name="minutes-pdf"),
]
