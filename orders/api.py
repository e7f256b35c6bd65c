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
from accounts.models import User
from kernel.actor import Actor, actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, answer, listing, person_records_schema, record_schema, versioned_create
from register.models import Nominal
from register.record_endpoints import PersonRecordsApi, RecordApi

from . import selectors, services
from .models import CivilOrder, OrderBreach
from .serializers import BreachWriteSerializer, CivilOrderSerializer, CivilOrderWriteSerializer, OrderBreachSerializer

TAG = ["civil orders"]


@person_records_schema(
    "nominal_orders",
    item=CivilOrderSerializer,
    write=CivilOrderWriteSerializer,
    list_name="CivilOrderList",
    tags=TAG,
    create_summary="Record a civil order (SHPO, SRO, Notification Order or a historic order)",
)
class NominalOrdersApi(PersonRecordsApi):
    output = CivilOrderSerializer
    write = CivilOrderWriteSerializer
    write_rule = "can_record_rso"
    read_action = "civil_order.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.orders_about(requested_by=user, nominal=nominal)

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> CivilOrder:
        return services.create_order(actor=actor, nominal=nominal, values=values)


@record_schema(
    "orders",
    item=CivilOrderSerializer,
    write=CivilOrderWriteSerializer,
    tags=TAG,
    update_summary="Correct, vary, renew or discharge an order",
)
class OrderDetailApi(RecordApi):
    output = CivilOrderSerializer
    write = CivilOrderWriteSerializer
    write_rule = "can_record_rso"
    read_action = "civil_order.view"

    def fetch(self, user: User, pk: int) -> CivilOrder:
        return selectors.get_order(requested_by=user, pk=pk)

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.update_order(actor=actor, order=record, values=values, expected_version=expected)


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


@record_schema(
    "order_breach",
    item=OrderBreachSerializer,
    write=BreachWriteSerializer,
    tags=TAG,
    update_summary="Record the outcome of a breach",
)
class OrderBreachDetailApi(RecordApi):
    output = OrderBreachSerializer
    write = BreachWriteSerializer
    write_rule = "can_record_rso"
    read_action = "order_breach.view"

    def fetch(self, user: User, pk: int) -> OrderBreach:
        return selectors.get_breach(requested_by=user, pk=pk)

    def nominal_of(self, record: Any) -> Nominal:
        nominal: Nominal = record.order.nominal
        return nominal

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.update_breach(actor=actor, breach=record, values=values, expected_version=expected)
