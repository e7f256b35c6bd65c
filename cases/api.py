"""Registration endpoints: register a person, change level, archive, reactivate."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, answer, if_match, validated, versioned_create

from . import selectors, services
from .models import LevelBasis
from .serializers import (
    ArchiveRequestSerializer,
    LevelChangeRequestSerializer,
    ReactivateRequestSerializer,
    RegisterSerializer,
    RegistrationSerializer,
)


class RegisterApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_create",
        request=RegisterSerializer,
        responses={201: RegistrationSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = selectors.manageable_person(requested_by=actor.user, pk=pk)

        def save(_: object, data: dict[str, Any]) -> Response:
            registration = services.register(
                actor=actor,
                nominal=nominal,
                category=int(data["category"]),
                level=int(data["level"]),
                lead_agency=data["lead_agency"],
                record_manager=data["record_manager"],
                start_date=data["start_date"],
                reason=data["reason"],
                partner_agencies=data.get("partner_agencies", []),
                basis=data.get("basis") or LevelBasis.REGISTRATION,
                basis_reference=data.get("basis_reference", ""),
                emergency_reason=data.get("emergency_reason", ""),
            )
            return answer(RegistrationSerializer, registration, status.HTTP_201_CREATED)

        return versioned_create(request, RegisterSerializer, lambda: nominal, save)


class RegistrationDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="registrations_retrieve", responses=RegistrationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        registration = selectors.read_registration(actor=actor_of(request), pk=pk, section="api.registration")
        return answer(RegistrationSerializer, registration)


# The decisions below need If-Match with the registration's ETag: 428 without it, 412 when stale.


class LevelChangeApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_level_change",
        request=LevelChangeRequestSerializer,
        responses=RegistrationSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        registration = selectors.manageable_registration(requested_by=actor.user, pk=pk)
        data = validated(LevelChangeRequestSerializer, request)
        updated = services.change_level(
            actor=actor,
            registration=registration,
            to_level=int(data["level"]),
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=if_match(request),
            plan_agreed_on=data.get("plan_agreed_on"),
            level_1_review_on=data.get("level_1_review_on"),
            basis=data.get("basis") or LevelBasis.REVIEW,
            basis_reference=data.get("basis_reference", ""),
            emergency_reason=data.get("emergency_reason", ""),
        )
        return answer(RegistrationSerializer, updated)


class ArchiveApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_archive",
        request=ArchiveRequestSerializer,
        responses=RegistrationSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        registration = selectors.manageable_registration(requested_by=actor.user, pk=pk)
        data = validated(ArchiveRequestSerializer, request)
        updated = services.archive(
            actor=actor,
            registration=registration,
            archived_on=data["archived_on"],
            reason=data["reason"],
            expected_version=if_match(request),
            plan_agreed_on=data.get("plan_agreed_on"),
            reregister_at_level=data.get("reregister_at_level"),
            exit_basis=data["exit_basis"],
            meeting_decided_on=data.get("meeting_decided_on"),
        )
        return answer(RegistrationSerializer, updated)


class ReactivateApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_reactivate",
        request=ReactivateRequestSerializer,
        responses=RegistrationSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        registration = selectors.manageable_registration(requested_by=actor.user, pk=pk)
        data = validated(ReactivateRequestSerializer, request)
        updated = services.reactivate(
            actor=actor,
            registration=registration,
            reactivated_on=data["reactivated_on"],
            reason=data["reason"],
            expected_version=if_match(request),
        )
        return answer(RegistrationSerializer, updated)
