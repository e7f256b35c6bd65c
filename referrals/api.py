"""Referral endpoints: the MAPPA A draft, its submission and every decision on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from audit import trail
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, OPTIONAL_IF_MATCH, etag_for, version_from_if_match
from kernel.api_errors import errors_response
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create
from register import selectors as register_selectors

from . import selectors, services
from .models import Referral
from .serializers import (
    CountersignRequestSerializer,
    DisputeRequestSerializer,
    GatekeepRequestSerializer,
    ReferralCreateSerializer,
    ReferralDraftSerializer,
    ReferralSerializer,
    ResolveDisputeRequestSerializer,
)

LIST_LIMIT = 200


def _answer(referral: Referral, code: int = status.HTTP_200_OK) -> Response:
    response = Response(ReferralSerializer(referral).data, status=code)
    response["ETag"] = etag_for(referral.version)
    return response


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], list[Any] | None]:
    values = dict(data)
    agencies = values.pop("agencies_to_invite", None)
    values.pop("nominal", None)
    return values, agencies


class ReferralListCreateApi(APIView):
    access_rule = "referrals"

    @extend_schema(
        operation_id="referrals_list",
        parameters=[
            OpenApiParameter(
                "queue",
                OpenApiTypes.STR,
                enum=["gatekeeping", "countersign", "disputes", "mine"],
                description="gatekeeping: the co-ordinator's queue, emergencies first",
            )
        ],
        responses=inline_serializer(
            "ReferralList", {"count": serializers.IntegerField(), "results": ReferralSerializer(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        queues: dict[str, Callable[..., Any]] = {
            "gatekeeping": selectors.gatekeeping_queue,
            "countersign": selectors.awaiting_my_countersignature,
            "disputes": selectors.disputes_for_my_decision,
            "mine": selectors.my_referrals,
        }
        queue = request.query_params.get("queue", "")
        if queue and queue not in queues:
            return errors_response(
                [{"field": "queue", "message": "Use gatekeeping, countersign, disputes or mine"}], 400
            )
        referrals = queues[queue](requested_by=user) if queue else policy.visible_referrals(user).order_by("-pk")
        page = list(referrals[:LIST_LIMIT])
        return Response({"count": len(page), "results": ReferralSerializer(page, many=True).data})

    @extend_schema(
        operation_id="referrals_create",
        request=ReferralCreateSerializer,
        responses={201: ReferralSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        def create() -> Response:
            form = ReferralCreateSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            nominal = register_selectors.get_nominal(requested_by=request.user, pk=form.validated_data["nominal"])
            if not policy.can_refer(request.user, nominal):
                raise Http404
            values, agencies = _split(form.validated_data)
            referral = services.create_referral(
                acting_user=signed_in_user(request),
                nominal=nominal,
                values=values,
                agencies_to_invite=agencies or [],
                request=request._request,
            )
            return _answer(referral, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class ReferralDetailApi(APIView):
    access_rule = "referrals"

    @extend_schema(operation_id="referrals_retrieve", responses=ReferralSerializer)
    def get(self, request: Request, pk: int) -> Response:
        referral = selectors.get_referral(requested_by=request.user, pk=pk)
        trail.record(
            actor=request.user,
            action="referral.view",
            obj=referral,
            nominal_id=referral.nominal_id,
            request=request._request,
        )
        return _answer(referral)

    @extend_schema(
        operation_id="referrals_partial_update",
        request=ReferralDraftSerializer,
        responses=ReferralSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        referral = selectors.get_referral(requested_by=request.user, pk=pk)
        if not policy.can_edit_referral(request.user, referral):
            raise Http404
        expected = version_from_if_match(request.headers.get("If-Match"))
        if expected is None:
            return errors_response(
                [{"field": "If-Match", "message": "Send If-Match with the ETag from GET"}],
                status.HTTP_428_PRECONDITION_REQUIRED,
            )
        form = ReferralDraftSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        values, agencies = _split(form.validated_data)
        updated = services.update_referral(
            acting_user=signed_in_user(request),
            referral=referral,
            values=values,
            agencies_to_invite=agencies,
            expected_version=expected,
            request=request._request,
        )
        return _answer(updated)


class _StepApi(APIView):
    """A POST that moves the referral one step on; If-Match is optional."""

    access_rule = "referrals"
    allowed: Callable[[Any, Referral], bool] = staticmethod(policy.can_view_referral)
    request_serializer: type[serializers.Serializer[Any]] | None = None

    def step(self, request: Request, referral: Referral, data: dict[str, Any], expected: int | None) -> Referral:
        raise NotImplementedError

    def run(self, request: Request, pk: int) -> Response:
        referral = selectors.get_referral(requested_by=request.user, pk=pk)
        if not type(self).allowed(request.user, referral):
            raise Http404
        data: dict[str, Any] = {}
        if self.request_serializer is not None:
            form = self.request_serializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = dict(form.validated_data)
        expected = version_from_if_match(request.headers.get("If-Match"))
        return _answer(self.step(request, referral, data, expected))


class ReferralSubmitApi(_StepApi):
    allowed = staticmethod(policy.can_edit_referral)

    def step(self, request: Request, referral: Referral, data: dict[str, Any], expected: int | None) -> Referral:
        return services.submit_referral(
            acting_user=signed_in_user(request), referral=referral, expected_version=expected, request=request._request
        )

    @extend_schema(
        operation_id="referrals_submit", request=None, responses=ReferralSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)


class ReferralCountersignApi(_StepApi):
    allowed = staticmethod(policy.can_countersign_referral)
    request_serializer = CountersignRequestSerializer

    def step(self, request: Request, referral: Referral, data: dict[str, Any], expected: int | None) -> Referral:
        return services.countersign(
            acting_user=signed_in_user(request),
            referral=referral,
            approve=data["decision"] == "countersign",
            comment=data["comment"],
            expected_version=expected,
            request=request._request,
        )

    @extend_schema(
        operation_id="referrals_countersign",
        request=CountersignRequestSerializer,
        responses=ReferralSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)


class ReferralGatekeepApi(_StepApi):
    allowed = staticmethod(policy.can_gatekeep_referral)
    request_serializer = GatekeepRequestSerializer

    def step(self, request: Request, referral: Referral, data: dict[str, Any], expected: int | None) -> Referral:
        return services.gatekeep(
            acting_user=signed_in_user(request),
            referral=referral,
            expected_version=expected,
            request=request._request,
            **data,
        )

    @extend_schema(
        operation_id="referrals_gatekeep",
        request=GatekeepRequestSerializer,
        responses=ReferralSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)


class ReferralDisputeApi(_StepApi):
    allowed = staticmethod(policy.can_dispute_referral)
    request_serializer = DisputeRequestSerializer

    def step(self, request: Request, referral: Referral, data: dict[str, Any], expected: int | None) -> Referral:
        return services.dispute(
            acting_user=signed_in_user(request),
            referral=referral,
            reason=data["reason"],
            expected_version=expected,
            request=request._request,
        )

    @extend_schema(
        operation_id="referrals_dispute",
        request=DisputeRequestSerializer,
        responses=ReferralSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)


class ReferralResolveDisputeApi(_StepApi):
    allowed = staticmethod(policy.can_resolve_referral_dispute)
    request_serializer = ResolveDisputeRequestSerializer

    def step(self, request: Request, referral: Referral, data: dict[str, Any], expected: int | None) -> Referral:
        return services.resolve_dispute(
            acting_user=signed_in_user(request),
            referral=referral,
            expected_version=expected,
            request=request._request,
            **data,
        )

    @extend_schema(
        operation_id="referrals_resolve_dispute",
        request=ResolveDisputeRequestSerializer,
        responses=ReferralSerializer,
        parameters=[OPTIONAL_IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)
