from django.urls import path

from . import minutes_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("person/<int:pk>/", views.person, name="person"),
    path("new/<int:nominal_pk>/", views.create, name="create"),
    path("information-requests/", views.information_requests, name="information-requests"),
    path("information-requests/<int:pk>/", views.respond, name="respond"),
    path("action-lists/<int:pk>/", views.action_list, name="action-list"),
    path("minutes-requests/", minutes_views.minutes_requests, name="minutes-requests"),
    path("minutes-requests/new/", minutes_views.minutes_request_new, name="minutes-request-new"),
    path("minutes-requests/<int:pk>/", minutes_views.minutes_request, name="minutes-request"),
    path("minutes-requests/<int:pk>/summary.pdf", minutes_views.executive_summary_pdf, name="executive-summary-pdf"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/<int:invitation_pk>/follow-up/", views.follow_up, name="follow-up"),
    path("<int:pk>/actions/distribute/", views.distribute, name="distribute"),
    path("<int:pk>/minutes/", minutes_views.minutes, name="minutes"),
    path("<int:pk>/minutes/edit/", minutes_views.minutes_edit, name="minutes-edit"),
    path("<int:pk>/minutes/approve/", minutes_views.minutes_approve, name="minutes-approve"),
    path("<int:pk>/minutes/addenda/new/", minutes_views.addendum, name="addendum"),
    path("<int:pk>/minutes/share/", minutes_views.share, name="share"),
    path("<int:pk>/minutes.pdf", minutes_views.minutes_pdf, name="minutes-pdf"),
]
