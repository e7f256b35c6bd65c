"""Civil order endpoints: orders against a person, their breaches, and breach outcomes."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, answer, listing, versioned_create
from register.record_endpoints import PersonRecordKind

from . import selectors, services
from .models import CivilOrder
from .serializers import BreachWriteSerializer, CivilOrderSerializer, CivilOrderWriteSerializer, OrderBreachSerializer

TAG = ["civil orders"]


ORDER = PersonRecordKind(CivilOrderSerializer, CivilOrderWriteSerializer, audited_as="civil_order")
NominalOrdersApi = ORDER.person_records_api(
    "nominal_orders",
    selector=selectors.orders_about,
    service=services.create_order,
    list_name="CivilOrderList",
    tags=TAG,
    create_summary="Record a civil order (SHPO, SRO, Notification Order or a historic order)",
)
OrderDetailApi = ORDER.record_api(
    "orders",
    selector=selectors.get_order,
    service=services.update_order,
    record_keyword="order",
    tags=TAG,
    update_summary="Correct, vary, renew or discharge an order",
)


class OrderBreachesApi(APIView):
    """An order's breaches; recording one that ends in a conviction or caution for breach of
    a Sexual Risk Order makes the person subject to notification."""

    access_rule = "people"

    @extend_schema(
        operation_id="order_breaches_list", tags=TAG, responses=listing("OrderBreachList", OrderBreachSerializer)
    )
    def get(self, request: Request, pk: int) -> Response:
        _, breaches = selectors.read_order_breaches(actor=actor_of(request), pk=pk)
        return Response({"count": len(breaches), "results": OrderBreachSerializer(breaches, many=True).data})

    @extend_schema(
        operation_id="order_breaches_create",
        tags=TAG,
        request=BreachWriteSerializer,
        responses={201: OrderBreachSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)

        def writable_order() -> CivilOrder:
            order = selectors.get_order(requested_by=actor.user, pk=pk)
            if not policy.can_record_rso(actor.user, order.nominal):
                raise Http404
            return order

        def save(order: CivilOrder, values: dict[str, Any]) -> Response:
            breach = services.record_breach(actor=actor, order=order, values=values)
            return answer(OrderBreachSerializer, breach, status.HTTP_201_CREATED)

        return versioned_create(request, BreachWriteSerializer, writable_order, save)


# An order's breaches are listed and recorded under the order (above); one is changed here.
BREACH = PersonRecordKind(OrderBreachSerializer, BreachWriteSerializer, audited_as="order_breach")
OrderBreachDetailApi = BREACH.record_api(
    "order_breach",
    selector=selectors.get_breach,
    service=services.update_breach,
    record_keyword="breach",
    person_path="order.nominal",
    tags=TAG,
    update_summary="Record the outcome of a breach",
)
