"""API routes for transfers (included under /api/v1/transfers/)."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.TransferListCreateApi.as_view(), name="transfers"),
    path("<int:pk>/", api.TransferDetailApi.as_view(), name="transfer"),
    path("<int:pk>/approve/", api.ApproveApi.as_view(), name="transfer-approve"),
    path("<int:pk>/refuse/", api.RefuseApi.as_view(), name="transfer-refuse"),
    path("<int:pk>/accept/", api.AcceptApi.as_view(), name="transfer-accept"),
    path("<int:pk>/receiving-meeting/", api.MeetingApi.as_view(), name="transfer-receiving-meeting"),
    path("<int:pk>/address-confirmation/", api.AddressApi.as_view(), name="transfer-address-confirmation"),
    path("<int:pk>/records-sent/", api.RecordsSentApi.as_view(), name="transfer-records-sent"),
    path("<int:pk>/complete/", api.CompleteApi.as_view(), name="transfer-complete"),
]
