from django.urls import path

from . import views

app_name = "custody"
urlpatterns = [
    path("people/<int:pk>/custody/", views.person, name="person"),
    path("people/<int:pk>/custody/new/", views.start, name="start"),
    path("people/<int:pk>/serious-further-offences/new/", views.sfo_new, name="sfo-new"),
    path("custody/<int:pk>/dates/", views.edit_dates, name="dates"),
    path("custody/<int:pk>/confirm-release/", views.confirm_release, name="confirm-release"),
    path("custody/<int:pk>/end-of-custody/", views.end_of_custody, name="end-of-custody"),
    path("custody/<int:pk>/approved-premises/", views.approved_premises, name="approved-premises"),
    path(
        "custody/approved-premises/<int:pk>/decision/",
        views.approved_premises_decision,
        name="approved-premises-decision",
    ),
    path("custody/<int:pk>/release/", views.release, name="release"),
    path("custody/urgent-reviews/<int:pk>/", views.urgent_review, name="urgent-review"),
    path("serious-further-offences/", views.sfo_list, name="sfo-list"),
    path("serious-further-offences/<int:pk>/", views.sfo_detail, name="sfo"),
    path("serious-further-offences/<int:pk>/notification/", views.sfo_notification, name="sfo-notification"),
    path("serious-further-offences/<int:pk>/decision/", views.sfo_decision, name="sfo-decision"),
]
