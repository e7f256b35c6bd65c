"""Transfer endpoints: request and list, one transfer, and one endpoint per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, SerializerClass, answer, if_match, listing, validated
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create
from register import selectors as register_selectors

from . import selectors, services
from .models import Transfer
from .serializers import (
    AcceptSerializer,
    AddressSerializer,
    ApproveSerializer,
    CompleteSerializer,
    MeetingSerializer,
    RecordsSentSerializer,
    RefuseSerializer,
    TransferRequestSerializer,
    TransferSerializer,
)

LIST_LIMIT = 200


class TransferListCreateApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="transfers_list", responses=listing("TransferList", TransferSerializer))
    def get(self, request: Request) -> Response:
        transfers = list(selectors.transfers(requested_by=signed_in_user(request))[:LIST_LIMIT])
        return Response({"count": len(transfers), "results": TransferSerializer(transfers, many=True).data})

    @extend_schema(
        operation_id="transfers_create",
        request=TransferRequestSerializer,
        responses={201: TransferSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)

        def find() -> tuple[dict[str, Any], Any]:
            # The person is named in the body: checked before they are looked up.
            data = validated(TransferRequestSerializer, request)
            nominal = register_selectors.get_nominal(requested_by=actor.user, pk=data["nominal"])
            if not policy.can_request_transfer(actor.user, nominal):
                raise Http404
            return data, nominal

        def create() -> Response:
            data, nominal = find()
            transfer = services.request_transfer(
                actor=actor,
                nominal=nominal,
                to_area=data.get("to_area"),
                to_jurisdiction=data.get("to_jurisdiction", ""),
                cross_border_basis=data.get("cross_border_basis", ""),
                new_address=data["new_address"],
                reason=data["reason"],
                under_probation_supervision=data["under_probation_supervision"],
                requested_on=data["requested_on"],
            )
            return answer(TransferSerializer, transfer, status.HTTP_201_CREATED)

        return idempotent_create(request, create, check=find)


class TransferDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="transfers_retrieve", responses=TransferSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return answer(TransferSerializer, selectors.read_transfer(actor=actor_of(request), pk=pk))


def _step_api(
    name: str, form: SerializerClass, allowed: Callable[[Any, Transfer], bool], service: Callable[..., Transfer]
) -> type[APIView]:
    """One endpoint per step: POST the step's fields; If-Match guards against a stale read."""

    class StepApi(APIView):
        access_rule = "people"

        @extend_schema(
            operation_id=f"transfers_{name}",
            request=form,
            responses=TransferSerializer,
            parameters=[IF_MATCH_PARAMETER],
        )
        def post(self, request: Request, pk: int) -> Response:
            actor = actor_of(request)
            transfer = selectors.get_transfer(requested_by=actor.user, pk=pk)
            if not allowed(actor.user, transfer):
                raise Http404
            values = validated(form, request)
            updated = service(actor=actor, transfer=transfer, expected_version=if_match(request), **values)
            return answer(TransferSerializer, updated)

    StepApi.__name__ = StepApi.__qualname__ = f"Transfer{name.title().replace('_', '')}Api"
    return StepApi


ApproveApi = _step_api("approve", ApproveSerializer, policy.can_approve_transfer, services.approve)
RefuseApi = _step_api("refuse", RefuseSerializer, policy.can_refuse_transfer, services.refuse)
AcceptApi = _step_api("accept", AcceptSerializer, policy.can_accept_transfer, services.accept)
MeetingApi = _step_api(
    "receiving_meeting", MeetingSerializer, policy.can_record_receiving_meeting, services.record_receiving_meeting
)
AddressApi = _step_api(
    "address_confirmation", AddressSerializer, policy.can_confirm_transfer_address, services.confirm_address
)
RecordsSentApi = _step_api(
    "records_sent", RecordsSentSerializer, policy.can_send_transfer_records, services.record_records_sent
)
CompleteApi = _step_api("complete", CompleteSerializer, policy.can_complete_transfer, services.complete)
