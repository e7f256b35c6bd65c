"""Home visit endpoints: the visit log with the schedule's clocks, and visit schedules."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request

from accounts.models import User
from notifications.api_base import ClockSerializer, PersonCollectionApi, RecordApi, clocks_data
from register.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER
from register.models import Nominal

from . import selectors, services
from .models import HomeVisit, VisitSchedule
from .serializers import (
    HomeVisitSerializer,
    HomeVisitWriteSerializer,
    VisitScheduleSerializer,
    VisitScheduleWriteSerializer,
)

TAG = ["home visits"]


@extend_schema_view(
    get=extend_schema(
        operation_id="nominal_visits_list",
        tags=TAG,
        summary="The visit log and the home visit clocks",
        responses=inline_serializer(
            "HomeVisitList",
            {
                "count": serializers.IntegerField(),
                "results": HomeVisitSerializer(many=True),
                "clocks": ClockSerializer(many=True),
            },
        ),
    ),
    post=extend_schema(
        operation_id="nominal_visits_create",
        tags=TAG,
        summary="Record a home visit (planned or made). A visit dated in the future cannot be done.",
        request=HomeVisitWriteSerializer,
        responses={201: HomeVisitSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
)
class NominalVisitsApi(PersonCollectionApi):
    output = HomeVisitSerializer
    write = HomeVisitWriteSerializer
    read_action = "home_visit.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.visits_about(requested_by=user, nominal=nominal)

    def additions(self, user: User, nominal: Nominal) -> dict[str, Any]:
        return {"clocks": clocks_data(selectors.visit_clocks(requested_by=user, nominal=nominal))}

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> HomeVisit:
        return services.record_visit(acting_user=user, nominal=nominal, values=values, request=request._request)


@extend_schema_view(
    get=extend_schema(operation_id="visits_retrieve", tags=TAG, responses=HomeVisitSerializer),
    patch=extend_schema(
        operation_id="visits_partial_update",
        tags=TAG,
        summary="Record how a planned visit went, or correct a visit",
        request=HomeVisitWriteSerializer,
        responses=HomeVisitSerializer,
        parameters=[IF_MATCH_PARAMETER],
    ),
)
class VisitDetailApi(RecordApi):
    output = HomeVisitSerializer
    write = HomeVisitWriteSerializer
    read_action = "home_visit.view"

    def fetch(self, user: User, pk: int) -> HomeVisit:
        return selectors.get_visit(requested_by=user, pk=pk)

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        return services.update_visit(
            acting_user=user, visit=record, values=values, expected_version=expected, request=request._request
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="nominal_visit_schedules_list",
        tags=TAG,
        responses=inline_serializer(
            "VisitScheduleList", {"count": serializers.IntegerField(), "results": VisitScheduleSerializer(many=True)}
        ),
    ),
    post=extend_schema(
        operation_id="nominal_visit_schedules_create",
        tags=TAG,
        summary="Record the risk police or probation schedule their home visits by",
        request=VisitScheduleWriteSerializer,
        responses={201: VisitScheduleSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
)
class NominalSchedulesApi(PersonCollectionApi):
    output = VisitScheduleSerializer
    write = VisitScheduleWriteSerializer
    read_action = "visit_schedule.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.schedules_about(requested_by=user, nominal=nominal)

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> VisitSchedule:
        return services.set_schedule(acting_user=user, nominal=nominal, values=values, request=request._request)


@extend_schema_view(
    get=extend_schema(operation_id="visit_schedules_retrieve", tags=TAG, responses=VisitScheduleSerializer),
    patch=extend_schema(
        operation_id="visit_schedules_partial_update",
        tags=TAG,
        request=VisitScheduleWriteSerializer,
        responses=VisitScheduleSerializer,
        parameters=[IF_MATCH_PARAMETER],
    ),
)
class ScheduleDetailApi(RecordApi):
    output = VisitScheduleSerializer
    write = VisitScheduleWriteSerializer
    read_action = "visit_schedule.view"

    def fetch(self, user: User, pk: int) -> VisitSchedule:
        return selectors.get_schedule(requested_by=user, pk=pk)

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        return services.update_schedule(
            acting_user=user, schedule=record, values=values, expected_version=expected, request=request._request
        )
