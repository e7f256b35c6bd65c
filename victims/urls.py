from django.urls import path

from . import views

app_name = "victims"
urlpatterns = [
    path("people/<int:pk>/victims/", views.person, name="person"),
    path("people/<int:pk>/victims/new/", views.create, name="create"),
    path("victims/<int:pk>/", views.detail, name="detail"),
    path("victims/<int:pk>/edit/", views.edit, name="edit"),
    path("victims/<int:pk>/notifications/new/", views.add_notification, name="add-notification"),
]
