"""Home visit endpoints: the visit log with the schedule's clocks, and visit schedules."""

from __future__ import annotations

from kernel.api import ClockSerializer
from register.record_endpoints import PersonRecordKind

from . import selectors, services
from .serializers import (
    HomeVisitSerializer,
    HomeVisitWriteSerializer,
    VisitScheduleSerializer,
    VisitScheduleWriteSerializer,
)

TAG = ["home visits"]

VISIT = PersonRecordKind(HomeVisitSerializer, HomeVisitWriteSerializer, audited_as="home_visit")
NominalVisitsApi = VISIT.person_records_api(
    "nominal_visits",
    selector=selectors.visits_about,
    clock_selector=selectors.visit_clocks,
    service=services.record_visit,
    list_name="HomeVisitList",
    tags=TAG,
    list_summary="The visit log and the home visit clocks",
    create_summary="Record a home visit (planned or made). A visit dated in the future cannot be done.",
    clocks=ClockSerializer(many=True),
)
VisitDetailApi = VISIT.record_api(
    "visits",
    selector=selectors.get_visit,
    service=services.update_visit,
    record_keyword="visit",
    tags=TAG,
    update_summary="Record how a planned visit went, or correct a visit",
)

SCHEDULE = PersonRecordKind(VisitScheduleSerializer, VisitScheduleWriteSerializer, audited_as="visit_schedule")
NominalSchedulesApi = SCHEDULE.person_records_api(
    "nominal_visit_schedules",
    selector=selectors.schedules_about,
    service=services.set_schedule,
    list_name="VisitScheduleList",
    tags=TAG,
    create_summary="Record the risk police or probation schedule their home visits by",
)
ScheduleDetailApi = SCHEDULE.record_api(
    "visit_schedules",
    selector=selectors.get_schedule,
    service=services.update_schedule,
    record_keyword="schedule",
    tags=TAG,
)
