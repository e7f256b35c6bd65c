"""Endpoints for sharing grants, restricted-section grants and emergency access."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from kernel.actor import actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    unchanged_since_read,
    validated,
    versioned_create,
)
from kernel.declare import signed_in_user
from kernel.registries import read_person

from . import emergency, policy, restricted, sharing
from .models import RestrictedAccessGrant, ShareGrant
from .person_lookup import person_to_manage
from .sharing_serializers import (
    EmergencyAccessSerializer,
    EmergencyOpenedSerializer,
    EmergencyRequestSerializer,
    EmergencyReviewRequestSerializer,
    RestrictedAccessSerializer,
    RestrictedGrantRequestSerializer,
    RestrictedGrantSerializer,
    RevokeRequestSerializer,
    SharedPersonSerializer,
    ShareGrantRequestSerializer,
    ShareGrantSerializer,
)

if TYPE_CHECKING:
    from register.models import Nominal

# --- Shared with my agency (DTC single point of contact) ----------------------------------


def _grants_by_person(user: User, nominal: Nominal | None = None) -> dict[int, list[ShareGrant]]:
    assert user.agency is not None
    grouped: dict[int, list[ShareGrant]] = {}
    for share in sharing.active_grants(agency=user.agency, nominal=nominal):
        grouped.setdefault(share.nominal_id, []).append(share)
    return grouped


class SharedListApi(APIView):
    access_rule = "shared"

    @extend_schema(operation_id="shared_list", responses=SharedPersonSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        people = sharing.read_shared_people(actor=actor)
        context = {"grants": _grants_by_person(actor.user)}
        return Response(SharedPersonSerializer(people, many=True, context=context).data)


class SharedPersonApi(APIView):
    access_rule = "shared"

    @extend_schema(operation_id="shared_retrieve", responses=SharedPersonSerializer)
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = sharing.read_shared_person(actor=actor, pk=pk)
        context = {"grants": _grants_by_person(actor.user, nominal)}
        return Response(SharedPersonSerializer(nominal, context=context).data)


# --- Managing sharing -----------------------------------------------------------------------


def _sharing_nominal(request: Request, pk: int) -> Nominal:
    return person_to_manage(requested_by=signed_in_user(request), pk=pk, may_manage=policy.can_manage_sharing)


class ShareGrantsApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="share_grants_list", responses=ShareGrantSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        _sharing_nominal(request, pk)
        nominal = read_person(actor=actor_of(request), pk=pk, section="api.sharing")
        return Response(ShareGrantSerializer(sharing.grants_for_nominal(nominal=nominal), many=True).data)

    @extend_schema(
        operation_id="share_grants_create",
        request=ShareGrantRequestSerializer,
        responses={201: ShareGrantSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def save(nominal: Nominal, data: dict[str, Any]) -> Response:
            object_type, object_id = data.get("object_type", ""), data.get("object_id", "")
            share = sharing.grant(
                actor=actor_of(request),
                nominal=nominal,
                agency=data["agency"],
                scope=data["scope"],
                reason=data["reason"],
                expires_at=data.get("expires_at"),
                obj=(object_type, object_id) if object_type and object_id else None,
            )
            return Response(ShareGrantSerializer(share).data, status=status.HTTP_201_CREATED)

        return versioned_create(request, ShareGrantRequestSerializer, lambda: _sharing_nominal(request, pk), save)


class ShareGrantRevokeApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="share_grants_revoke",
        request=RevokeRequestSerializer,
        responses=ShareGrantSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        share = ShareGrant.objects.filter(pk=pk).first()
        if share is None:
            raise Http404
        _sharing_nominal(request, share.nominal_id)
        reason = validated(RevokeRequestSerializer, request)["reason"]
        with unchanged_since_read(request, share):
            revoked = sharing.revoke(actor=actor_of(request), grant=share, reason=reason)
        return Response(ShareGrantSerializer(revoked).data)


# --- Restricted sections --------------------------------------------------------------------


def _restricted_nominal(request: Request, pk: int) -> Nominal:
    return person_to_manage(requested_by=signed_in_user(request), pk=pk, may_manage=policy.can_manage_restricted_access)


class RestrictedAccessApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="restricted_access_list", responses=RestrictedAccessSerializer)
    def get(self, request: Request, pk: int) -> Response:
        _restricted_nominal(request, pk)
        nominal = read_person(actor=actor_of(request), pk=pk, section="api.restricted_access")
        holder = restricted.implicit_holder(nominal=nominal)
        return Response(
            {
                "record_manager": holder.username if holder else None,
                "grants": RestrictedGrantSerializer(restricted.live_grants(nominal=nominal), many=True).data,
            }
        )

    @extend_schema(
        operation_id="restricted_access_create",
        request=RestrictedGrantRequestSerializer,
        responses={201: RestrictedGrantSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        def save(nominal: Nominal, data: dict[str, Any]) -> Response:
            held = restricted.grant(
                actor=actor_of(request),
                nominal=nominal,
                user=data["user"],
                section=data["section"],
                reason=data["reason"],
                expires_at=data.get("expires_at"),
            )
            return Response(RestrictedGrantSerializer(held).data, status=status.HTTP_201_CREATED)

        return versioned_create(
            request, RestrictedGrantRequestSerializer, lambda: _restricted_nominal(request, pk), save
        )


class RestrictedAccessRevokeApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="restricted_access_revoke",
        request=RevokeRequestSerializer,
        responses=RestrictedGrantSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        held = RestrictedAccessGrant.objects.filter(pk=pk).first()
        if held is None:
            raise Http404
        _restricted_nominal(request, held.nominal_id)
        reason = validated(RevokeRequestSerializer, request)["reason"]
        with unchanged_since_read(request, held):
            revoked = restricted.revoke(actor=actor_of(request), grant=held, reason=reason)
        return Response(RestrictedGrantSerializer(revoked).data)


# --- Emergency access ------------------------------------------------------------------------


class EmergencyAccessApi(APIView):
    access_rule = "emergency_access"

    @extend_schema(operation_id="emergency_access_list", responses=EmergencyAccessSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The caller's own emergency accesses that are still live."""
        live = emergency.my_live_accesses(requested_by=signed_in_user(request))
        return Response(EmergencyAccessSerializer(live, many=True).data)

    @extend_schema(
        operation_id="emergency_access_create",
        request=EmergencyRequestSerializer,
        responses={201: EmergencyOpenedSerializer, 200: EmergencyOpenedSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(EmergencyRequestSerializer, request)
        opened = emergency.open_access(actor=actor_of(request), identifier=data["identifier"], reason=data["reason"])
        body = {
            "nominal": opened.nominal.pk,
            "emergency_access": EmergencyAccessSerializer(opened.access).data if opened.access else None,
        }
        return Response(body, status=status.HTTP_201_CREATED if opened.access else status.HTTP_200_OK)


class EmergencyReviewQueueApi(APIView):
    access_rule = "emergency_review"

    @extend_schema(operation_id="emergency_access_review_queue", responses=EmergencyAccessSerializer(many=True))
    def get(self, request: Request) -> Response:
        queue = emergency.review_queue(requested_by=signed_in_user(request))
        return Response(EmergencyAccessSerializer(queue, many=True).data)


class EmergencyReviewApi(APIView):
    access_rule = "emergency_review"

    @extend_schema(
        operation_id="emergency_access_review",
        request=EmergencyReviewRequestSerializer,
        responses=EmergencyAccessSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        access = emergency.reviewable(requested_by=actor.user, pk=pk)
        if access is None:
            raise Http404
        data = validated(EmergencyReviewRequestSerializer, request)
        with unchanged_since_read(request, access):
            reviewed = emergency.review(actor=actor, access=access, outcome=data["outcome"], note=data["note"])
        return Response(EmergencyAccessSerializer(reviewed).data)
