from django.urls import path

from . import views

app_name = "drafts"

urlpatterns = [
    path("", views.draft_list, name="list"),
    path("<int:pk>/", views.draft_detail, name="detail"),
    path("<int:pk>/discard/", views.draft_discard, name="discard"),
]
