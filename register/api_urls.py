"""API routes for a person's addresses (included under /api/v1/)."""

from django.urls import path

from . import address_api, api

urlpatterns = [
    path("nominals/<int:pk>/addresses/", address_api.NominalAddressesApi.as_view(), name="nominal-addresses"),
    path("addresses/<int:pk>/", address_api.AddressApi.as_view(), name="address"),
    path("addresses/<int:pk>/end/", address_api.EndAddressApi.as_view(), name="address-end"),
    path("nominals/<int:pk>/alerts/", api.NominalAlertsApi.as_view(), name="nominal-alerts"),
]
