"""Drafts in the API: what the form pages autosave, and what an integration may keep for
its own user. A draft is only ever its author's: anyone else's id is not found."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.actor import actor_of
from kernel.api import (
    IDEMPOTENCY_PARAMETER,
    IF_MATCH_PARAMETER,
    answer,
    if_match,
    precondition_required,
    validated,
)
from kernel.declare import PolicyPermission
from kernel.idempotency import idempotent_create

from . import services
from .serializers import DraftSerializer, DraftUpdateSerializer, DraftWriteSerializer

PATH_PARAMETER = OpenApiParameter(
    "path", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False, description="Only the draft of this form path."
)


class DraftListApi(APIView):
    access_rule = "signed_in"
    permission_classes = [PolicyPermission]

    @extend_schema(operation_id="drafts_list", parameters=[PATH_PARAMETER], responses=DraftSerializer(many=True))
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        path = request.query_params.get("path")
        if path is not None:
            draft = services.draft_for_path(actor=actor, path=path)
            return Response(DraftSerializer([draft] if draft else [], many=True).data)
        drafts = list(services.my_drafts(actor).only("id", "path", "title", "saved_at", "version", "form_values"))
        return Response(DraftSerializer(drafts, many=True).data)

    @extend_schema(
        operation_id="drafts_save",
        description="Save the caller's draft of the form at `path`, replacing their earlier draft of it.",
        request=DraftWriteSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: DraftSerializer},
    )
    def post(self, request: Request) -> Response:
        def create() -> Response:
            values = validated(DraftWriteSerializer, request)
            draft = services.save_draft(actor=actor_of(request), **values)
            return answer(DraftSerializer, draft, status.HTTP_201_CREATED)

        return idempotent_create(request, create)


class DraftApi(APIView):
    access_rule = "signed_in"
    permission_classes = [PolicyPermission]

    @extend_schema(operation_id="drafts_read", responses=DraftSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return answer(DraftSerializer, services.read_draft(actor=actor_of(request), pk=pk))

    @extend_schema(
        operation_id="drafts_update",
        request=DraftUpdateSerializer,
        parameters=[IF_MATCH_PARAMETER],
        responses=DraftSerializer,
    )
    def put(self, request: Request, pk: int) -> Response:
        expected = if_match(request)
        if expected is None:
            return precondition_required()
        values = validated(DraftUpdateSerializer, request)
        actor = actor_of(request)
        draft = services.read_draft(actor=actor, pk=pk)
        return answer(
            DraftSerializer, services.update_draft(actor=actor, draft=draft, expected_version=expected, **values)
        )

    @extend_schema(operation_id="drafts_discard", parameters=[IF_MATCH_PARAMETER], responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        expected = if_match(request)
        if expected is None:
            return precondition_required()
        actor = actor_of(request)
        services.discard_draft(actor=actor, draft=services.read_draft(actor=actor, pk=pk), expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)
