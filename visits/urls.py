from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("people/<int:pk>/visits/", views.person, name="person"),
    path("people/<int:pk>/visits/new/", views.create, name="create"),
    path("people/<int:pk>/visits/schedule/new/", views.schedule, name="schedule"),
    path("visits/<int:pk>/edit/", views.edit, name="edit"),
    path("visits/schedules/<int:pk>/edit/", views.schedule_edit, name="schedule-edit"),
]
