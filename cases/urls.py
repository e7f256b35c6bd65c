from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("<int:pk>/mappa/", views.registration, name="registration"),
    path("<int:pk>/mappa/register/", views.register, name="register"),
    path("<int:pk>/mappa/level/", views.change_level, name="change-level"),
    path("<int:pk>/mappa/archive/", views.archive, name="archive"),
    path("<int:pk>/mappa/reactivate/", views.reactivate, name="reactivate"),
]
