from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("people/<int:pk>/orders/", views.person, name="person"),
    path("people/<int:pk>/orders/new/", views.create, name="create"),
    path("orders/<int:pk>/edit/", views.edit, name="edit"),
    path("orders/<int:pk>/breaches/new/", views.breach, name="breach"),
    path("orders/breaches/<int:pk>/edit/", views.breach_edit, name="breach-edit"),
]
