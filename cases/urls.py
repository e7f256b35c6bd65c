from django.urls import path

from . import more_views, views

app_name = "cases"
urlpatterns = [
    path("<int:pk>/mappa/", views.registration, name="registration"),
    path("<int:pk>/mappa/register/", views.register, name="register"),
    path("<int:pk>/mappa/level/", views.change_level, name="change-level"),
    path("<int:pk>/mappa/archive/", views.archive, name="archive"),
    path("<int:pk>/mappa/reactivate/", views.reactivate, name="reactivate"),
    path("<int:pk>/timeline/", more_views.timeline, name="timeline"),
    path("<int:pk>/pdp/", more_views.pdp, name="pdp"),
    path("<int:pk>/pdp/new/", more_views.pdp_new, name="pdp-new"),
    path("<int:pk>/retention-review/", more_views.retention_decision, name="retention-decision"),
]

# Not about one person: mounted at the site root, namespace "casework" (openmappa/urls.py).
register_wide = [
    path("pdps/", more_views.pdp_list, name="pdp-list"),
    path("pdps/<int:pk>/end/", more_views.pdp_end, name="pdp-end"),
    path("retention-reviews/", more_views.retention, name="retention"),
]
