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
from audit.trail import record
from kernel.actor import actor_of
from kernel.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER, etag_for, version_from_if_match
from kernel.api_errors import errors_response
from kernel.declare import signed_in_user
from kernel.idempotency import idempotent_create

from . import selectors, services
from .serializers import NominalSerializer

SEARCH_LIMIT = 50


class NominalListCreateApi(APIView):
    access_rule = "people"

    @extend_schema(
        operation_id="nominals_search",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="A name, alias, date of birth or identifier")],
        responses=inline_serializer(
            "NominalSearchResult",
            {"count": serializers.IntegerField(), "results": NominalSerializer(many=True)},
        ),
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        people = selectors.search_nominals(requested_by=request.user, query=query, with_aliases=True)
        count, page = selectors.first_page(people, limit=SEARCH_LIMIT)
        record(
            actor=request.user,
            action="nominal.search",
            request=request._request,
            detail={"query": query, "count": count, "shown": [p.pk for p in page]},
        )
        return Response({"count": count, "results": NominalSerializer(page, many=True).data})

    @extend_schema(
        operation_id="nominals_create",
        request=NominalSerializer,
        responses={201: NominalSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    )
    def post(self, request: Request) -> Response:
        def create() -> Response:
            serializer = NominalSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            values = dict(serializer.validated_data)
            aliases = [(a["kind"], a["name"]) for a in values.pop("aliases", [])]
            nominal = services.create_nominal(
                acting_user=signed_in_user(request), values=values, aliases=aliases, request=request._request
            )
            nominal = selectors.get_nominal(requested_by=request.user, pk=nominal.pk)
            response = Response(NominalSerializer(nominal).data, status=status.HTTP_201_CREATED)
            response["ETag"] = etag_for(nominal.version)
            return response

        return idempotent_create(request, create)


class NominalDetailApi(APIView):
    access_rule = "people"

    @extend_schema(operation_id="nominals_retrieve", responses=NominalSerializer)
    def get(self, request: Request, pk: int) -> Response:
        nominal = selectors.get_nominal(requested_by=request.user, pk=pk)
        services.record_view(actor=actor_of(request), nominal=nominal, section="api")
        response = Response(NominalSerializer(nominal).data)
        response["ETag"] = etag_for(nominal.version)
        return response

    @extend_schema(
        operation_id="nominals_partial_update",
        request=NominalSerializer,
        responses={200: NominalSerializer},
        parameters=[IF_MATCH_PARAMETER],
    )
    def patch(self, request: Request, pk: int) -> Response:
        nominal = selectors.get_nominal(requested_by=request.user, pk=pk)
        if not policy.can_edit_nominal(request.user, nominal):
            return errors_response(
                [{"field": "non_field_errors", "message": "An archived record is read-only: reactivate it first"}],
                status.HTTP_409_CONFLICT,
            )
        expected = version_from_if_match(request.headers.get("If-Match"))
        if expected is None:
            return errors_response(
                [{"field": "If-Match", "message": "Send If-Match with the ETag from GET"}],
                status.HTTP_428_PRECONDITION_REQUIRED,
            )
        if "aliases" in request.data:
            return errors_response(
                [{"field": "aliases", "message": "Aliases are added one at a time, not replaced by PATCH"}],
                status.HTTP_400_BAD_REQUEST,
            )
        serializer = NominalSerializer(nominal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes: dict[str, Any] = dict(serializer.validated_data)
        updated = services.update_nominal(
            acting_user=signed_in_user(request),
            nominal=nominal,
            expected_version=expected,
            changes=changes,
            request=request._request,
        )
        updated = selectors.get_nominal(requested_by=request.user, pk=updated.pk)
        response = Response(NominalSerializer(updated).data)
        response["ETag"] = etag_for(updated.version)
        return response
