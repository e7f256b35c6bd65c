"""API routes for civil orders (included under /api/v1/ by openmappa/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("nominals/<int:pk>/orders/", api.NominalOrdersApi.as_view(), name="nominal-orders"),
    path("orders/<int:pk>/", api.OrderDetailApi.as_view(), name="order"),
    path("orders/<int:pk>/breaches/", api.OrderBreachesApi.as_view(), name="order-breaches"),
    path("order-breaches/<int:pk>/", api.OrderBreachDetailApi.as_view(), name="order-breach"),
]
