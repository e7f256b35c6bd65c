"""Disclosure endpoints: a person's decisions, each decision and the steps after it, and
the co-ordinator's register."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from accounts.models import User
from audit import trail
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, etag_for, version_from_if_match
from kernel.api_errors import errors_response
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create
from register import selectors as register_selectors

from . import selectors, services
from .models import Disclosure
from .serializers import (
    AcknowledgementRequestSerializer,
    CarriedOutRequestSerializer,
    DisclosureSerializer,
    DisclosureWriteSerializer,
    ReviewRequestSerializer,
)

LIST_LIMIT = 500
DisclosureList = inline_serializer(
    "DisclosureList", {"count": serializers.IntegerField(), "results": DisclosureSerializer(many=True)}
)


def _answer(disclosure: Disclosure, code: int = status.HTTP_200_OK) -> Response:
    response = Response(DisclosureSerializer(disclosure).data, status=code)
    response["ETag"] = etag_for(disclosure.version)
    return response


def _if_match(request: Request) -> int:
    expected = version_from_if_match(request.headers.get("If-Match"))
    if expected is None:
        raise _PreconditionRequired
    return expected


class _PreconditionRequired(Exception):
    pass


def _precondition_required() -> Response:
    return errors_response(
        [{"field": "If-Match", "message": "Send If-Match with the ETag from GET"}],
        status.HTTP_428_PRECONDITION_REQUIRED,
    )


def _resolve(user: User, nominal: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Turn the meeting id and discloser username into the records the user may name."""
    values = dict(data)
    errors: dict[str, list[str]] = {}
    if "meeting" in values:
        meeting_id = values.pop("meeting")
        values["meeting"] = None
        if meeting_id is not None:
            meeting = selectors.meeting_choices(requested_by=user, nominal=nominal).filter(pk=meeting_id).first()
            if meeting is None:
                errors["meeting"] = [services.MEETING_RULE]
            values["meeting"] = meeting
    if "discloser" in values:
        username = values.pop("discloser")
        values["discloser"] = None
        if username:
            discloser = selectors.discloser_choices(requested_by=user, nominal=nominal).filter(username=username)
            values["discloser"] = discloser.first()
            if values["discloser"] is None:
                errors["discloser"] = ["Name an active police, probation or prison practitioner of the person's area"]
    if errors:
        raise ValidationError(errors)
    return values


class PersonDisclosuresApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="nominal_disclosures_list", responses=DisclosureList)
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
        found = list(selectors.disclosures_about(requested_by=user, nominal=nominal)[:LIST_LIMIT])
        trail.record(
            actor=user,
            action="disclosure.list_view",
            obj=nominal,
            nominal_id=nominal.pk,
            request=request._request,
            detail={"shown": [d.pk for d in found]},
        )
        return Response({"count": len(found), "results": DisclosureSerializer(found, many=True).data})

    @extend_schema(
        operation_id="nominal_disclosures_create",
        request=DisclosureWriteSerializer,
        responses={201: DisclosureSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
        if not policy.can_decide_disclosure(user, nominal):
            raise Http404

        def create() -> Response:
            form = DisclosureWriteSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            values = _resolve(user, nominal, form.validated_data)
            disclosure = services.record_decision(
                acting_user=user, nominal=nominal, values=values, request=request._request
            )
            return _answer(disclosure, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class DisclosureDetailApi(APIView):
    access_rule = "disclosure"

    @extend_schema(operation_id="disclosures_retrieve", responses=DisclosureSerializer)
    def get(self, request: Request, pk: int) -> Response:
        disclosure = selectors.get_disclosure(requested_by=request.user, pk=pk)
        selectors.record_view(user=request.user, disclosure=disclosure, request=request._request)
        return _answer(disclosure)

    @extend_schema(
        operation_id="disclosures_partial_update",
        request=DisclosureWriteSerializer,
        responses=DisclosureSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        disclosure = selectors.get_disclosure(requested_by=user, pk=pk)
        if not policy.can_edit_disclosure(user, disclosure):
            raise Http404
        try:
            expected = _if_match(request)
        except _PreconditionRequired:
            return _precondition_required()
        form = DisclosureWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        values = _resolve(user, disclosure.nominal, form.validated_data)
        updated = services.update_decision(
            acting_user=user, disclosure=disclosure, values=values, expected_version=expected, request=request._request
        )
        return _answer(updated)


class _StepApi(APIView):
    """A POST recording one step after the decision; needs If-Match like any edit."""

    access_rule = "people"
    request_serializer: type[serializers.Serializer[Any]]

    def step(self, request: Request, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        raise NotImplementedError

    def run(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        disclosure = selectors.get_disclosure(requested_by=user, pk=pk)
        if not policy.can_record_disclosure_progress(user, disclosure):
            raise Http404
        try:
            expected = _if_match(request)
        except _PreconditionRequired:
            return _precondition_required()
        form = self.request_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        return _answer(self.step(request, disclosure, dict(form.validated_data), expected))


class CarriedOutApi(_StepApi):
    request_serializer = CarriedOutRequestSerializer

    def step(self, request: Request, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        user = signed_in_user(request)
        by: User | None = user
        if data["carried_out_by"]:
            by = (
                selectors.discloser_choices(requested_by=user, nominal=disclosure.nominal)
                .filter(username=data["carried_out_by"])
                .first()
            )
        return services.record_carried_out(
            acting_user=user,
            disclosure=disclosure,
            carried_out_on=data["carried_out_on"],
            carried_out_by=by,
            expected_version=expected,
            request=request._request,
        )

    @extend_schema(
        operation_id="disclosures_carried_out",
        request=CarriedOutRequestSerializer,
        responses=DisclosureSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)


class AcknowledgementApi(_StepApi):
    request_serializer = AcknowledgementRequestSerializer

    def step(self, request: Request, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        return services.record_acknowledgement(
            acting_user=signed_in_user(request),
            disclosure=disclosure,
            acknowledged_on=data["acknowledged_on"],
            method=data["acknowledgement_method"],
            expected_version=expected,
            request=request._request,
        )

    @extend_schema(
        operation_id="disclosures_acknowledgement",
        request=AcknowledgementRequestSerializer,
        responses=DisclosureSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)


class ReviewApi(_StepApi):
    request_serializer = ReviewRequestSerializer

    def step(self, request: Request, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        return services.record_review(
            acting_user=signed_in_user(request),
            disclosure=disclosure,
            reviewed_on=data["reviewed_on"],
            outcome=data["outcome"],
            expected_version=expected,
            request=request._request,
        )

    @extend_schema(
        operation_id="disclosures_review",
        request=ReviewRequestSerializer,
        responses=DisclosureSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        return self.run(request, pk)


class DisclosureRegisterApi(APIView):
    access_rule = "disclosure_register"

    @extend_schema(
        operation_id="disclosures_register",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=["pending", "disclosed"],
                description="pending: decided to disclose, not yet made; disclosed: carried out",
            )
        ],
        responses=DisclosureList,
    )
    def get(self, request: Request) -> Response:
        user = signed_in_user(request)
        wanted = request.query_params.get("status", "")
        if wanted not in ("", "pending", "disclosed"):
            return errors_response([{"field": "status", "message": "Use pending or disclosed"}], 400)
        found = list(selectors.register(requested_by=user, status=wanted)[:LIST_LIMIT])
        trail.record(
            actor=user,
            action="disclosure.register_view",
            request=request._request,
            detail={"shown": [d.pk for d in found]},
        )
        return Response({"count": len(found), "results": DisclosureSerializer(found, many=True).data})
