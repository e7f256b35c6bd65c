"""Referral endpoints: the MAPPA A draft, its submission and every decision on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import User
from kernel.actor import actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    SerializerClass,
    answer,
    listing,
    validated,
    versioned_update,
)
from kernel.api_errors import errors_response
from kernel.api_steps import step_api, with_etag
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
QUEUES: dict[str, Callable[..., Any]] = {
    "gatekeeping": selectors.gatekeeping_queue,
    "countersign": selectors.awaiting_my_countersignature,
    "disputes": selectors.disputes_for_my_decision,
    "mine": selectors.my_referrals,
}


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], list[Any] | None]:
    values = dict(data)
    agencies = values.pop("agencies_to_invite", None)
    values.pop("nominal", None)
    return values, agencies


def _referral_for(user: User, pk: int, allowed: Callable[[User, Referral], bool]) -> Referral:
    """The referral, when the user may take this step on it (404 otherwise, as if missing)."""
    referral = selectors.get_referral(requested_by=user, pk=pk)
    if not allowed(user, referral):
        raise Http404
    return referral


class ReferralListCreateApi(APIView):
    access_rule = "referrals"

    @extend_schema(
        operation_id="referrals_list",
        parameters=[
            OpenApiParameter(
                "queue",
                OpenApiTypes.STR,
                enum=list(QUEUES),
                description="gatekeeping: the co-ordinator's queue, emergencies first",
            )
        ],
        responses=listing("ReferralList", ReferralSerializer),
    )
    def get(self, request: Request) -> Response:
        user = actor_of(request).user
        queue = request.query_params.get("queue", "")
        if queue and queue not in QUEUES:
            return errors_response(
                [{"field": "queue", "message": "Use gatekeeping, countersign, disputes or mine"}], 400
            )
        referrals = QUEUES[queue](requested_by=user) if queue else policy.visible_referrals(user).order_by("-pk")
        page = list(referrals[:LIST_LIMIT])
        return Response({"count": len(page), "results": ReferralSerializer(page, many=True).data})

    @extend_schema(
        operation_id="referrals_create",
        request=ReferralCreateSerializer,
        responses={201: ReferralSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)

        def find() -> tuple[dict[str, Any], Any]:
            data = validated(ReferralCreateSerializer, request)
            nominal = register_selectors.get_nominal(requested_by=actor.user, pk=data["nominal"])
            if not policy.can_refer(actor.user, nominal):
                raise Http404
            return data, nominal

        def create() -> Response:
            data, nominal = find()
            values, agencies = _split(data)
            referral = services.create_referral(
                actor=actor, nominal=nominal, values=values, agencies_to_invite=agencies or []
            )
            return answer(ReferralSerializer, referral, status.HTTP_201_CREATED)

        return idempotent_create(request, create, check=find)


class ReferralDetailApi(APIView):
    access_rule = "referrals"

    @extend_schema(operation_id="referrals_retrieve", responses=ReferralSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return answer(ReferralSerializer, selectors.read_referral(actor=actor_of(request), pk=pk))

    @extend_schema(
        operation_id="referrals_partial_update",
        request=ReferralDraftSerializer,
        responses=ReferralSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        referral = _referral_for(actor.user, pk, policy.can_edit_referral)

        def save(data: dict[str, Any], expected: int) -> Response:
            values, agencies = _split(data)
            updated = services.update_referral(
                actor=actor, referral=referral, values=values, agencies_to_invite=agencies, expected_version=expected
            )
            return answer(ReferralSerializer, updated)

        return versioned_update(request, ReferralDraftSerializer, save)


def _referral_step(
    name: str,
    allowed: Callable[[User, Referral], bool],
    service: Callable[..., Referral],
    write: SerializerClass | None = None,
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = dict,
) -> type[APIView]:
    """POST /referrals/<pk>/<step>/: move the referral one step on."""
    return step_api(
        f"referrals_{name}",
        access_rule="referrals",
        find=lambda user, pk: _referral_for(user, pk, allowed),
        record="referral",
        service=service,
        reply=with_etag(ReferralSerializer),
        write=write,
        arguments=arguments,
        versioned="optional",
        responses=ReferralSerializer,
        parameters=[IF_MATCH_PARAMETER],
        description="A POST that moves the referral one step on; If-Match is optional.",
    )


def _countersign_arguments(body: dict[str, Any]) -> dict[str, Any]:
    return {"approve": body["decision"] == "countersign", "comment": body["comment"]}


ReferralSubmitApi = _referral_step("submit", policy.can_edit_referral, services.submit_referral)
ReferralCountersignApi = _referral_step(
    "countersign",
    policy.can_countersign_referral,
    services.countersign,
    CountersignRequestSerializer,
    _countersign_arguments,
)
ReferralGatekeepApi = _referral_step(
    "gatekeep", policy.can_gatekeep_referral, services.gatekeep, GatekeepRequestSerializer
)
ReferralDisputeApi = _referral_step("dispute", policy.can_dispute_referral, services.dispute, DisputeRequestSerializer)
ReferralResolveDisputeApi = _referral_step(
    "resolve_dispute", policy.can_resolve_referral_dispute, services.resolve_dispute, ResolveDisputeRequestSerializer
)
