"""Disclosure endpoints: a person's decisions, each decision and the steps after it, and
the co-ordinator's register."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
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
    SerializerClass,
    answer,
    if_match,
    listing,
    precondition_required,
    validated,
    versioned_create,
    versioned_update,
)
from kernel.api_errors import errors_response
from register import selectors as register_selectors
from register.models import Nominal

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
DisclosureList = listing("DisclosureList", DisclosureSerializer)


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
        actor = actor_of(request)
        nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
        found = list(selectors.disclosures_about(requested_by=actor.user, nominal=nominal)[:LIST_LIMIT])
        selectors.person_list_viewed(actor, nominal, found)
        return Response({"count": len(found), "results": DisclosureSerializer(found, many=True).data})

    @extend_schema(
        operation_id="nominal_disclosures_create",
        request=DisclosureWriteSerializer,
        responses={201: DisclosureSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)

        def decidable_person() -> Nominal:
            nominal = register_selectors.get_nominal(requested_by=actor.user, pk=pk)
            if not policy.can_decide_disclosure(actor.user, nominal):
                raise Http404
            return nominal

        def save(nominal: Nominal, values: dict[str, Any]) -> Response:
            values = _resolve(actor.user, nominal, values)
            disclosure = services.record_decision(actor=actor, nominal=nominal, values=values)
            return answer(DisclosureSerializer, disclosure, status.HTTP_201_CREATED)

        return versioned_create(request, DisclosureWriteSerializer, decidable_person, save)


class DisclosureDetailApi(APIView):
    access_rule = "disclosure"

    @extend_schema(operation_id="disclosures_retrieve", responses=DisclosureSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return answer(DisclosureSerializer, selectors.read_disclosure(actor=actor_of(request), pk=pk))

    @extend_schema(
        operation_id="disclosures_partial_update",
        request=DisclosureWriteSerializer,
        responses=DisclosureSerializer,
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        disclosure = selectors.get_disclosure(requested_by=actor.user, pk=pk)
        if not policy.can_edit_disclosure(actor.user, disclosure):
            raise Http404

        def save(values: dict[str, Any], expected: int) -> Response:
            values = _resolve(actor.user, disclosure.nominal, values)
            updated = services.update_decision(
                actor=actor, disclosure=disclosure, values=values, expected_version=expected
            )
            return answer(DisclosureSerializer, updated)

        return versioned_update(request, DisclosureWriteSerializer, save)


def _step_schema(operation_id: str, write: SerializerClass) -> Any:
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id, request=write, responses=DisclosureSerializer, parameters=[IF_MATCH_PARAMETER]
        )
    )


class _StepApi(APIView):
    """A POST recording one step after the decision; needs If-Match like any edit."""

    access_rule = "people"
    request_serializer: SerializerClass

    def step(self, actor: Actor, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        disclosure = selectors.get_disclosure(requested_by=actor.user, pk=pk)
        if not policy.can_record_disclosure_progress(actor.user, disclosure):
            raise Http404
        expected = if_match(request)
        if expected is None:
            return precondition_required()
        data = validated(self.request_serializer, request)
        return answer(DisclosureSerializer, self.step(actor, disclosure, data, expected))


@_step_schema("disclosures_carried_out", CarriedOutRequestSerializer)
class CarriedOutApi(_StepApi):
    request_serializer = CarriedOutRequestSerializer

    def step(self, actor: Actor, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        by: User | None = actor.user
        if data["carried_out_by"]:
            choices = selectors.discloser_choices(requested_by=actor.user, nominal=disclosure.nominal)
            by = choices.filter(username=data["carried_out_by"]).first()
        return services.record_carried_out(
            actor=actor,
            disclosure=disclosure,
            carried_out_on=data["carried_out_on"],
            carried_out_by=by,
            expected_version=expected,
        )


@_step_schema("disclosures_acknowledgement", AcknowledgementRequestSerializer)
class AcknowledgementApi(_StepApi):
    request_serializer = AcknowledgementRequestSerializer

    def step(self, actor: Actor, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        return services.record_acknowledgement(
            actor=actor,
            disclosure=disclosure,
            acknowledged_on=data["acknowledged_on"],
            method=data["acknowledgement_method"],
            expected_version=expected,
        )


@_step_schema("disclosures_review", ReviewRequestSerializer)
class ReviewApi(_StepApi):
    request_serializer = ReviewRequestSerializer

    def step(self, actor: Actor, disclosure: Disclosure, data: dict[str, Any], expected: int) -> Disclosure:
        return services.record_review(
            actor=actor,
            disclosure=disclosure,
            reviewed_on=data["reviewed_on"],
            outcome=data["outcome"],
            expected_version=expected,
        )


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
        actor = actor_of(request)
        wanted = request.query_params.get("status", "")
        if wanted not in ("", "pending", "disclosed"):
            return errors_response([{"field": "status", "message": "Use pending or disclosed"}], 400)
        found = list(selectors.register(requested_by=actor.user, status=wanted)[:LIST_LIMIT])
        selectors.register_viewed(actor, found)
        return Response({"count": len(found), "results": DisclosureSerializer(found, many=True).data})
