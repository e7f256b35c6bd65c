"""Transfer endpoints: request and list, one transfer, and one endpoint per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from audit import trail
from kernel.api import IDEMPOTENCY_PARAMETER, OPTIONAL_IF_MATCH, etag_for, version_from_if_match
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


def _answer(transfer: Transfer, code: int = status.HTTP_200_OK) -> Response:
    response = Response(TransferSerializer(transfer).data, status=code)
    response["ETag"] = etag_for(transfer.version)
    return response


class TransferListCreateApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="transfers_list",
        responses=inline_serializer(
            "TransferList", {"count": serializers.IntegerField(), "results": TransferSerializer(many=True)}
        ),
    )
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
        def create() -> Response:
            form = TransferRequestSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
            nominal = register_selectors.get_nominal(requested_by=request.user, pk=data["nominal"])
            if not policy.can_request_transfer(request.user, nominal):
                raise Http404
            transfer = services.request_transfer(
                acting_user=signed_in_user(request),
                nominal=nominal,
                to_area=data.get("to_area"),
                to_jurisdiction=data.get("to_jurisdiction", ""),
                cross_border_basis=data.get("cross_border_basis", ""),
                new_address=data["new_address"],
                reason=data["reason"],
                under_probation_supervision=data["under_probation_supervision"],
                requested_on=data["requested_on"],
                request=request._request,
            )
            return _answer(transfer, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class TransferDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="transfers_retrieve", responses=TransferSerializer)
    def get(self, request: Request, pk: int) -> Response:
        transfer = selectors.get_transfer(requested_by=signed_in_user(request), pk=pk)
        trail.record(
            actor=request.user,
            action="transfer.view",
            obj=transfer,
            nominal_id=transfer.nominal_id,
            request=request._request,
        )
        return _answer(transfer)


Step = Callable[..., Transfer]


def _step_api(
    name: str,
    request_serializer: type[serializers.Serializer[Any]],
    allowed: Callable[[Any, Transfer], bool],
    service: Step,
) -> type[APIView]:
    """One endpoint per step: POST the step's fields; If-Match guards against a stale read."""

    class StepApi(APIView):
        access_rule = "people"

        @extend_schema(
            operation_id=f"transfers_{name}",
            request=request_serializer,
            responses=TransferSerializer,
            parameters=[OPTIONAL_IF_MATCH],
        )
        def post(self, request: Request, pk: int) -> Response:
            transfer = selectors.get_transfer(requested_by=signed_in_user(request), pk=pk)
            if not allowed(request.user, transfer):
                raise Http404
            form = request_serializer(data=request.data)
            form.is_valid(raise_exception=True)
            updated = service(
                acting_user=signed_in_user(request),
                transfer=transfer,
                expected_version=version_from_if_match(request.headers.get("If-Match")),
                request=request._request,
                **form.validated_data,
            )
            return _answer(updated)

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
