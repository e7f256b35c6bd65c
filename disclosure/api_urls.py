"""API routes for disclosure decisions (included under /api/v1/ by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("nominals/<int:pk>/disclosures/", api.PersonDisclosuresApi.as_view(), name="nominal-disclosures"),
    path("disclosures/register/", api.DisclosureRegisterApi.as_view(), name="disclosure-register"),
    path("disclosures/<int:pk>/", api.DisclosureDetailApi.as_view(), name="disclosure"),
    path("disclosures/<int:pk>/carried-out/", api.CarriedOutApi.as_view(), name="disclosure-carried-out"),
    path("disclosures/<int:pk>/acknowledgement/", api.AcknowledgementApi.as_view(), name="disclosure-acknowledgement"),
    path("disclosures/<int:pk>/review/", api.ReviewApi.as_view(), name="disclosure-review"),
]
