"""Disclosure endpoints: a person's decisions, each decision and the steps after it, and
the co-ordinator's register."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
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
    SerializerClass,
    answer,
    listing,
    versioned_create,
)
from kernel.api_errors import errors_response
from kernel.api_steps import permitted, record_api, step_api, with_etag
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


def _update_decision(
    *, actor: Actor, disclosure: Disclosure, values: dict[str, Any], expected_version: int
) -> Disclosure:
    values = _resolve(actor.user, disclosure.nominal, values)
    return services.update_decision(
        actor=actor, disclosure=disclosure, values=values, expected_version=expected_version
    )


DisclosureDetailApi = record_api(
    "disclosures",
    access_rule="disclosure",
    read=lambda actor, pk: selectors.read_disclosure(actor=actor, pk=pk),
    editable=permitted(selectors.get_disclosure, policy.can_edit_disclosure),
    update=_update_decision,
    record="disclosure",
    output=DisclosureSerializer,
    write=DisclosureWriteSerializer,
)


def _disclosure_step(
    name: str,
    write: SerializerClass,
    service: Callable[..., Disclosure],
    arguments: Callable[[dict[str, Any]], dict[str, Any]] = dict,
) -> type[APIView]:
    """POST /disclosures/<pk>/<step>/: record one step after the decision."""
    return step_api(
        f"disclosures_{name}",
        access_rule="people",
        find=permitted(selectors.get_disclosure, policy.can_record_disclosure_progress),
        record="disclosure",
        service=service,
        reply=with_etag(DisclosureSerializer),
        write=write,
        arguments=arguments,
        versioned="required",
        responses=DisclosureSerializer,
        parameters=[IF_MATCH_PARAMETER],
        description="A POST recording one step after the decision; needs If-Match like any edit.",
    )


def _carry_out(
    *, actor: Actor, disclosure: Disclosure, carried_out_on: Any, carried_out_by: str, expected_version: int
) -> Disclosure:
    """The API names who made the disclosure by username: the caller when it names no one."""
    by: User | None = actor.user
    if carried_out_by:
        choices = selectors.discloser_choices(requested_by=actor.user, nominal=disclosure.nominal)
        by = choices.filter(username=carried_out_by).first()
    return services.record_carried_out(
        actor=actor,
        disclosure=disclosure,
        carried_out_on=carried_out_on,
        carried_out_by=by,
        expected_version=expected_version,
    )


def _acknowledgement_arguments(body: dict[str, Any]) -> dict[str, Any]:
    return {"acknowledged_on": body["acknowledged_on"], "method": body["acknowledgement_method"]}


CarriedOutApi = _disclosure_step("carried_out", CarriedOutRequestSerializer, _carry_out)
AcknowledgementApi = _disclosure_step(
    "acknowledgement", AcknowledgementRequestSerializer, services.record_acknowledgement, _acknowledgement_arguments
)
ReviewApi = _disclosure_step("review", ReviewRequestSerializer, services.record_review)


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
