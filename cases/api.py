"""Registration endpoints: register a person, change level, archive, reactivate."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, etag_for, version_from_if_match
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create
from register import selectors as register_selectors
from register import services as register_services

from . import services
from .models import Registration
from .serializers import (
    ArchiveRequestSerializer,
    LevelChangeRequestSerializer,
    ReactivateRequestSerializer,
    RegisterSerializer,
    RegistrationSerializer,
)


def _manageable_registration(request: Request, pk: int) -> Registration:
    registration = Registration.objects.filter(pk=pk).select_related("nominal").first()
    if registration is None:
        raise Http404
    nominal = register_selectors.get_nominal(requested_by=request.user, pk=registration.nominal_id)
    if not policy.can_manage_registration(request.user, nominal):
        raise Http404
    return registration


def _answer(registration: Registration, code: int = status.HTTP_200_OK) -> Response:
    response = Response(RegistrationSerializer(registration).data, status=code)
    response["ETag"] = etag_for(registration.version)
    return response


class RegisterApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_create",
        request=RegisterSerializer,
        responses={201: RegistrationSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=pk)
        if not policy.can_manage_registration(request.user, nominal):
            raise Http404

        def create() -> Response:
            form = RegisterSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            data = form.validated_data
            registration = services.register(
                acting_user=signed_in_user(request),
                nominal=nominal,
                category=int(data["category"]),
                level=int(data["level"]),
                lead_agency=data["lead_agency"],
                record_manager=data["record_manager"],
                start_date=data["start_date"],
                reason=data["reason"],
                partner_agencies=data.get("partner_agencies", []),
                request=request._request,
            )
            return _answer(registration, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class RegistrationDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="registrations_retrieve", responses=RegistrationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        registration = Registration.objects.filter(pk=pk).first()
        if registration is None:
            raise Http404
        nominal = register_selectors.get_nominal(requested_by=request.user, pk=registration.nominal_id)
        register_services.record_view(actor=actor_of(request), nominal=nominal, section="api.registration")
        return _answer(registration)


class LevelChangeApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_level_change",
        request=LevelChangeRequestSerializer,
        responses=RegistrationSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        registration = _manageable_registration(request, pk)
        form = LevelChangeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        updated = services.change_level(
            acting_user=signed_in_user(request),
            registration=registration,
            to_level=int(form.validated_data["level"]),
            decided_on=form.validated_data["decided_on"],
            reason=form.validated_data["reason"],
            expected_version=version_from_if_match(request.headers.get("If-Match")),
            plan_agreed_on=form.validated_data.get("plan_agreed_on"),
            level_1_review_on=form.validated_data.get("level_1_review_on"),
            request=request._request,
        )
        return _answer(updated)


class ArchiveApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_archive", request=ArchiveRequestSerializer, responses=RegistrationSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        registration = _manageable_registration(request, pk)
        form = ArchiveRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        updated = services.archive(
            acting_user=signed_in_user(request),
            registration=registration,
            archived_on=form.validated_data["archived_on"],
            reason=form.validated_data["reason"],
            expected_version=version_from_if_match(request.headers.get("If-Match")),
            plan_agreed_on=form.validated_data.get("plan_agreed_on"),
            reregister_at_level=form.validated_data.get("reregister_at_level"),
            request=request._request,
        )
        return _answer(updated)


class ReactivateApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="registrations_reactivate", request=ReactivateRequestSerializer, responses=RegistrationSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        registration = _manageable_registration(request, pk)
        form = ReactivateRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        updated = services.reactivate(
            acting_user=signed_in_user(request),
            registration=registration,
            reactivated_on=form.validated_data["reactivated_on"],
            reason=form.validated_data["reason"],
            request=request._request,
        )
        return _answer(updated)
