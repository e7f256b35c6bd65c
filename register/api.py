"""The people endpoints: search, create, read and edit (API-CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access import policy
from kernel.actor import actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    answer,
    if_match,
    listing,
    precondition_required,
    versioned_create,
)
from kernel.api_errors import errors_response
from kernel.person_alerts import alerts_for

from . import selectors, services
from .serializers import NominalSerializer, PossibleMatchSerializer

SEARCH_LIMIT = 50
ARCHIVED_IS_READ_ONLY = "An archived record is read-only: reactivate it first"
ALIASES_ONE_AT_A_TIME = "Aliases are added one at a time, not replaced by PATCH"
# The 409 answer to a create that looks like a person already on the register.
POSSIBLE_DUPLICATES_ANSWER = inline_serializer(
    "PossibleDuplicates",
    {
        "errors": serializers.ListField(child=serializers.DictField(child=serializers.CharField())),
        "possible_matches": PossibleMatchSerializer(many=True),
        "hidden_matches": serializers.IntegerField(
            help_text="How many more possible matches are on records the caller may not see (never who or why)"
        ),
    },
)


class NominalListCreateApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="nominals_search",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="A name, alias, date of birth or identifier")],
        responses=listing("NominalSearchResult", NominalSerializer),
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        count, page = services.search_people(
            actor=actor_of(request), query=query, limit=SEARCH_LIMIT, with_aliases=True
        )
        return Response({"count": count, "results": NominalSerializer(page, many=True).data})

    @extend_schema(
        operation_id="nominals_create",
        description=(
            "Add a person. When the register already holds a likely duplicate (the same PNC, CRO, prison "
            "number or CRN, or the same name and date of birth, case and accents ignored) nothing is created: "
            "the answer is 409 listing the possible matches the caller may see, and how many others exist. "
            "Send the request again with `confirm_not_duplicate: true` to add the person all the same "
            "(a PNC number already on another record is still refused)."
        ),
        request=NominalSerializer,
        responses={201: NominalSerializer, 409: POSSIBLE_DUPLICATES_ANSWER},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)

        def save(_: None, values: dict[str, Any]) -> Response:
            aliases = [(alias["kind"], alias["name"]) for alias in values.pop("aliases", [])]
            confirmed = bool(values.pop("confirm_not_duplicate", False))
            try:
                nominal = services.create_nominal(
                    actor=actor, values=values, aliases=aliases, confirmed_not_duplicate=confirmed
                )
            except services.PossibleDuplicatesFound as refusal:
                return _possible_duplicates(refusal)
            created = selectors.get_nominal(requested_by=actor.user, pk=nominal.pk)
            return answer(NominalSerializer, created, status.HTTP_201_CREATED)

        return versioned_create(request, NominalSerializer, lambda: None, save)


class NominalDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="nominals_retrieve", responses=NominalSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return answer(NominalSerializer, services.read_person(actor=actor_of(request), pk=pk, section="api"))

    @extend_schema(
        operation_id="nominals_partial_update",
        request=NominalSerializer,
        responses={200: NominalSerializer},
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = selectors.get_nominal(requested_by=actor.user, pk=pk)
        if not policy.can_edit_nominal(actor.user, nominal):
            return _refused("non_field_errors", ARCHIVED_IS_READ_ONLY, status.HTTP_409_CONFLICT)
        expected = if_match(request)
        if expected is None:
            return precondition_required()
        if "aliases" in request.data:
            return _refused("aliases", ALIASES_ONE_AT_A_TIME, status.HTTP_400_BAD_REQUEST)
        serializer = NominalSerializer(nominal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes: dict[str, Any] = dict(serializer.validated_data)
        changes.pop("confirm_not_duplicate", None)
        updated = services.update_nominal(actor=actor, nominal=nominal, expected_version=expected, changes=changes)
        return answer(NominalSerializer, selectors.get_nominal(requested_by=actor.user, pk=updated.pk))


def _possible_duplicates(refusal: services.PossibleDuplicatesFound) -> Response:
    found = refusal.found
    body = {
        "errors": [{"field": services.CONFIRM_FIELD, "message": services.POSSIBLE_DUPLICATES}],
        "possible_matches": PossibleMatchSerializer(found.shown, many=True).data,
        "hidden_matches": found.hidden,
    }
    return Response(body, status=status.HTTP_409_CONFLICT)


def _refused(field: str, message: str, code: int) -> Response:
    return errors_response([{"field": field, "message": message}], code)


class PersonAlertSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    severity = serializers.ChoiceField(choices=["urgent", "warning", "notice"])
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField()
    since = serializers.DateField(allow_null=True)


class NominalAlertsApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="nominal_alerts",
        description=(
            "What needs attention first about the person, as their summary shows it: overdue clocks "
            "(reviews included), open urgent reviews, breaches, the civil orders in force. Most severe first."
        ),
        responses=listing("PersonAlerts", PersonAlertSerializer),
    )
    def get(self, request: Request, pk: int) -> Response:
        actor = actor_of(request)
        nominal = services.read_person(actor=actor, pk=pk, section="api.alerts")
        alerts = alerts_for(nominal, actor.user)
        return Response({"count": len(alerts), "results": PersonAlertSerializer(alerts, many=True).data})
