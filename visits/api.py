"""Home visit endpoints: the visit log with the schedule's clocks, and visit schedules."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from kernel.actor import Actor
from kernel.api import ClockSerializer, clocks_data, person_records_schema, record_schema
from register.models import Nominal
from register.record_endpoints import PersonRecordsApi, RecordApi

from . import selectors, services
from .models import HomeVisit, VisitSchedule
from .serializers import (
    HomeVisitSerializer,
    HomeVisitWriteSerializer,
    VisitScheduleSerializer,
    VisitScheduleWriteSerializer,
)

TAG = ["home visits"]


@person_records_schema(
    "nominal_visits",
    item=HomeVisitSerializer,
    write=HomeVisitWriteSerializer,
    list_name="HomeVisitList",
    tags=TAG,
    list_summary="The visit log and the home visit clocks",
    create_summary="Record a home visit (planned or made). A visit dated in the future cannot be done.",
    clocks=ClockSerializer(many=True),
)
class NominalVisitsApi(PersonRecordsApi):
    output = HomeVisitSerializer
    write = HomeVisitWriteSerializer
    write_rule = "can_record_rso"
    read_action = "home_visit.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.visits_about(requested_by=user, nominal=nominal)

    def additions(self, user: User, nominal: Nominal) -> dict[str, Any]:
        return {"clocks": clocks_data(selectors.visit_clocks(requested_by=user, nominal=nominal))}

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> HomeVisit:
        return services.record_visit(actor=actor, nominal=nominal, values=values)


@record_schema(
    "visits",
    item=HomeVisitSerializer,
    write=HomeVisitWriteSerializer,
    tags=TAG,
    update_summary="Record how a planned visit went, or correct a visit",
)
class VisitDetailApi(RecordApi):
    output = HomeVisitSerializer
    write = HomeVisitWriteSerializer
    write_rule = "can_record_rso"
    read_action = "home_visit.view"

    def fetch(self, user: User, pk: int) -> HomeVisit:
        return selectors.get_visit(requested_by=user, pk=pk)

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.update_visit(actor=actor, visit=record, values=values, expected_version=expected)


@person_records_schema(
    "nominal_visit_schedules",
    item=VisitScheduleSerializer,
    write=VisitScheduleWriteSerializer,
    list_name="VisitScheduleList",
    tags=TAG,
    create_summary="Record the risk police or probation schedule their home visits by",
)
class NominalSchedulesApi(PersonRecordsApi):
    output = VisitScheduleSerializer
    write = VisitScheduleWriteSerializer
    write_rule = "can_record_rso"
    read_action = "visit_schedule.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.schedules_about(requested_by=user, nominal=nominal)

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> VisitSchedule:
        return services.set_schedule(actor=actor, nominal=nominal, values=values)


@record_schema("visit_schedules", item=VisitScheduleSerializer, write=VisitScheduleWriteSerializer, tags=TAG)
class ScheduleDetailApi(RecordApi):
    output = VisitScheduleSerializer
    write = VisitScheduleWriteSerializer
    write_rule = "can_record_rso"
    read_action = "visit_schedule.view"

    def fetch(self, user: User, pk: int) -> VisitSchedule:
        return selectors.get_schedule(requested_by=user, pk=pk)

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.update_schedule(actor=actor, schedule=record, values=values, expected_version=expected)
