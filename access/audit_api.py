"""Audit endpoints: who has viewed a person's record, and the auditor's search of the log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import AuditEvent
from kernel.actor import actor_of
from kernel.registries import read_person

from . import audit_selectors as selectors
from .audit_serializers import AuditEventSerializer, AuditSearchQuerySerializer, RecordEventSerializer


class AuditPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class RecordViewersApi(generics.ListAPIView[AuditEvent]):
    """Every audit event about one person, newest first (views, changes and registrations)."""

    access_rule = "record_viewers"
    serializer_class = RecordEventSerializer
    pagination_class = AuditPagination

    def get_queryset(self) -> QuerySet[AuditEvent]:
        # Only for the schema: the answer is built in get(), after the per-record check.
        return AuditEvent.objects.none()

    @extend_schema(
        operation_id="nominals_viewers",
        summary="Who has viewed this record",
        description=(
            "Every audit event about the person (who, agency, when, what, from where, why), newest "
            "first. Only the record manager of the current MAPPA registration and the MAPPA "
            "co-ordinator of the person's area may call it; anyone else gets 404. The call is "
            "itself audited."
        ),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The person's id")],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        actor = actor_of(request)
        selectors.nominal_for_viewers(requested_by=actor.user, pk=kwargs["pk"])
        nominal = read_person(actor=actor, pk=kwargs["pk"], section="api.viewers")
        events = selectors.record_events(requested_by=actor.user, nominal=nominal)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AuditEventSearchApi(generics.ListAPIView[AuditEvent]):
    """The auditor's search of the audit log."""

    access_rule = "audit_search"
    serializer_class = AuditEventSerializer
    pagination_class = AuditPagination

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return AuditEvent.objects.none()

    @extend_schema(
        operation_id="audit_events_search",
        summary="Search the audit log",
        description=(
            "Audit events matching every filter given, newest first. Auditors only; anyone else "
            "gets 404. Each search is itself an audit event."
        ),
        parameters=[
            OpenApiParameter(
                "nominal", OpenApiTypes.STR, description="A person's id or OpenMAPPA reference (e.g. DEMO-000012)"
            ),
            OpenApiParameter("user", OpenApiTypes.STR, description="The username of who acted, exactly"),
            OpenApiParameter("agency", OpenApiTypes.STR, description="The code of their agency at the time"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="Events on or after this day"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Events on or before this day"),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = AuditSearchQuerySerializer(data={k: v for k, v in request.query_params.items() if v != ""})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = selectors.AuditFilters(
            person=(data.get("nominal") or "").strip(),
            username=(data.get("user") or "").strip(),
            agency=(data.get("agency") or "").strip(),
            date_from=data.get("from"),
            date_to=data.get("to"),
        )
        problems = selectors.audit_filter_problems(filters)
        if problems:
            raise serializers.ValidationError({name: [message] for name, message in problems.items()})
        actor = actor_of(request)
        events = selectors.search_audit_events(requested_by=actor.user, filters=filters)
        page = self.paginate_queryset(events)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        selectors.record_search(actor=actor, filters=filters, count=response.data["count"], api=True)
        return response
