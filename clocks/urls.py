from django.urls import path

from . import views

app_name = "clocks"
urlpatterns = [
    path("", views.rule_catalogue, name="catalogue"),
    path("notification-calculator/", views.notification_calculator, name="notification-calculator"),
]
