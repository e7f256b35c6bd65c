from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.index, name="index"),
    path("ranks/", views.ranks, name="ranks"),
    path("new/<int:nominal_pk>/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/countersign/", views.countersign, name="countersign"),
    path("<int:pk>/gatekeep/", views.gatekeep, name="gatekeep"),
    path("<int:pk>/dispute/", views.dispute, name="dispute"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
]
