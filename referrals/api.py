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
from kernel.actor import Actor, actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    OPTIONAL_IF_MATCH,
    SerializerClass,
    answer,
    if_match,
    listing,
    validated,
    versioned_update,
)
from kernel.api_errors import errors_response
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


def _referral_for(actor: Actor, pk: int, allowed: Callable[[User, Referral], bool]) -> Referral:
    """The referral, when the actor may take this step on it (404 otherwise, as if missing)."""
    referral = selectors.get_referral(requested_by=actor.user, pk=pk)
    if not allowed(actor.user, referral):
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

        def create() -> Response:
            data = validated(ReferralCreateSerializer, request)
            nominal = register_selectors.get_nominal(requested_by=actor.user, pk=data["nominal"])
            if not policy.can_refer(actor.user, nominal):
                raise Http404
            values, agencies = _split(data)
            referral = services.create_referral(
                actor=actor, nominal=nominal, values=values, agencies_to_invite=agencies or []
            )
            return answer(ReferralSerializer, referral, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


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
        referral = _referral_for(actor, pk, policy.can_edit_referral)

        def save(data: dict[str, Any], expected: int) -> Response:
            values, agencies = _split(data)
            updated = services.update_referral(
                actor=actor, referral=referral, values=values, agencies_to_invite=agencies, expected_version=expected
            )
            return answer(ReferralSerializer, updated)

        return versioned_update(request, ReferralDraftSerializer, save)


# A step's service, called with the actor, the referral, the version the caller saw (None
# when they sent no If-Match) and the step's checked body.
Step = Callable[..., Referral]


def _step_api(
    name: str,
    allowed: Callable[[User, Referral], bool],
    step: Step,
    write: SerializerClass | None = None,
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = dict,
) -> type[APIView]:
    """POST /referrals/<pk>/<step>/: move the referral one step on. If-Match is optional
    (a one-click step); `arguments` turns the body into the service's keyword arguments."""

    @extend_schema(
        operation_id=f"referrals_{name}", request=write, responses=ReferralSerializer, parameters=[OPTIONAL_IF_MATCH]
    )
    def post(self: APIView, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        referral = _referral_for(actor, pk, allowed)
        body = validated(write, request) if write is not None else {}
        moved = step(actor=actor, referral=referral, expected_version=if_match(request), **arguments(body))
        return answer(ReferralSerializer, moved)

    class_name = "Referral" + name.title().replace("_", "") + "Api"
    return type(class_name, (APIView,), {"access_rule": "referrals", "post": post, "__module__": __name__})


def _countersign_arguments(body: dict[str, Any]) -> dict[str, Any]:
    return {"approve": body["decision"] == "countersign", "comment": body["comment"]}


ReferralSubmitApi = _step_api("submit", policy.can_edit_referral, services.submit_referral)
ReferralCountersignApi = _step_api(
    "countersign",
    policy.can_countersign_referral,
    services.countersign,
    CountersignRequestSerializer,
    _countersign_arguments,
)
ReferralGatekeepApi = _step_api("gatekeep", policy.can_gatekeep_referral, services.gatekeep, GatekeepRequestSerializer)
ReferralDisputeApi = _step_api("dispute", policy.can_dispute_referral, services.dispute, DisputeRequestSerializer)
ReferralResolveDisputeApi = _step_api(
    "resolve_dispute", policy.can_resolve_referral_dispute, services.resolve_dispute, ResolveDisputeRequestSerializer
)
