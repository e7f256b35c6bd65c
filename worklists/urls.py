from django.urls import path

from . import views

app_name = "worklists"
urlpatterns = [
    path("my-work/", views.my_work, name="my-work"),
    path("my-work/area/", views.area_work, name="area"),
    path("notifications/", views.notifications, name="notifications"),
]
