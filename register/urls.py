from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.summary, name="summary"),
    path("<int:pk>/personal-details/", views.personal_details, name="personal-details"),
    path("<int:pk>/personal-details/edit/", views.edit, name="edit"),
    path("<int:pk>/aliases/new/", views.add_alias, name="add-alias"),
    path("<int:pk>/addresses/", views.addresses, name="addresses"),
    path("<int:pk>/addresses/new/", views.add_address, name="add-address"),
    path("addresses/<int:pk>/correct/", views.correct_address, name="correct-address"),
    path("addresses/<int:pk>/end/", views.end_address, name="end-address"),
    path("<int:pk>/convictions/", views.convictions, name="convictions"),
    path("<int:pk>/convictions/new/", views.add_conviction, name="add-conviction"),
]
