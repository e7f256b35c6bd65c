from django.urls import path

from . import views

app_name = "transfers"
urlpatterns = [
    path("transfers/", views.index, name="index"),
    path("people/<int:pk>/transfer/", views.new, name="new"),
    path("transfers/<int:pk>/", views.detail, name="detail"),
    path("transfers/<int:pk>/approve/", views.approve, name="approve"),
    path("transfers/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("transfers/<int:pk>/accept/", views.accept, name="accept"),
    path("transfers/<int:pk>/meeting/", views.meeting, name="meeting"),
    path("transfers/<int:pk>/address/", views.address, name="address"),
    path("transfers/<int:pk>/records/", views.records, name="records"),
    path("transfers/<int:pk>/complete/", views.complete, name="complete"),
]
