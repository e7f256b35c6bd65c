from django.urls import path

from . import api

urlpatterns = [
    path("drafts/", api.DraftListApi.as_view(), name="drafts"),
    path("drafts/<int:pk>/", api.DraftApi.as_view(), name="draft"),
]
