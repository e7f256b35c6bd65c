"""The people endpoints: search, create, read and edit (API-CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
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

from . import selectors, services
from .serializers import NominalSerializer

SEARCH_LIMIT = 50
ARCHIVED_IS_READ_ONLY = "An archived record is read-only: reactivate it first"
ALIASES_ONE_AT_A_TIME = "Aliases are added one at a time, not replaced by PATCH"


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
        request=NominalSerializer,
        responses={201: NominalSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)

        def save(_: None, values: dict[str, Any]) -> Response:
            aliases = [(alias["kind"], alias["name"]) for alias in values.pop("aliases", [])]
            nominal = services.create_nominal(actor=actor, values=values, aliases=aliases)
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
        updated = services.update_nominal(actor=actor, nominal=nominal, expected_version=expected, changes=changes)
        return answer(NominalSerializer, selectors.get_nominal(requested_by=actor.user, pk=updated.pk))


def _refused(field: str, message: str, code: int) -> Response:
    return errors_response([{"field": field, "message": message}], code)
