"""Notification endpoints: notifications made, the requirement, breaches, and the clocks."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from kernel.actor import Actor
from kernel.api import ClockSerializer, clocks_data, person_records_schema, record_schema
from orders.serializers import BreachWriteSerializer
from register.models import Nominal
from register.record_endpoints import PersonRecordsApi, RecordApi

from . import selectors, services
from .models import IndefiniteReview, NotificationBreach, NotificationEvent, NotificationRequirement
from .serializers import (
    BreachSerializer,
    DeterminationWriteSerializer,
    IndefiniteReviewSerializer,
    NotificationEventSerializer,
    NotificationEventWriteSerializer,
    NotificationRequirementSerializer,
    NotificationRequirementWriteSerializer,
    ReviewApplicationWriteSerializer,
)

TAG = ["notifications"]


@person_records_schema(
    "nominal_notifications",
    item=NotificationEventSerializer,
    write=NotificationEventWriteSerializer,
    list_name="SexOffenderNotificationList",
    tags=TAG,
    list_summary="The person's notifications and notification clocks",
    create_summary="Record a notification made at a police station",
    leading={"clocks": ClockSerializer(many=True)},
)
class NominalNotificationsApi(PersonRecordsApi):
    output = NotificationEventSerializer
    write = NotificationEventWriteSerializer
    write_rule = "can_record_rso"
    read_action = "notification.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.events_about(requested_by=user, nominal=nominal).select_related("recorded_by")

    def additions(self, user: User, nominal: Nominal) -> dict[str, Any]:
        return {"clocks": clocks_data(selectors.notification_clocks(requested_by=user, nominal=nominal))}

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> NotificationEvent:
        return services.record_notification(actor=actor, nominal=nominal, values=values)


@record_schema("notifications", item=NotificationEventSerializer, write=NotificationEventWriteSerializer, tags=TAG)
class NotificationDetailApi(RecordApi):
    output = NotificationEventSerializer
    write = NotificationEventWriteSerializer
    write_rule = "can_record_rso"
    read_action = "notification.view"

    def fetch(self, user: User, pk: int) -> NotificationEvent:
        return selectors.get_event(requested_by=user, pk=pk)

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.update_notification(actor=actor, event=record, values=values, expected_version=expected)


@person_records_schema(
    "nominal_notification_requirements",
    item=NotificationRequirementSerializer,
    write=NotificationRequirementWriteSerializer,
    list_name="NotificationRequirementList",
    tags=TAG,
    create_summary="Record that the person is subject to notification",
)
class NominalRequirementsApi(PersonRecordsApi):
    output = NotificationRequirementSerializer
    write = NotificationRequirementWriteSerializer
    write_rule = "can_record_rso"
    read_action = "notification_requirement.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.requirements_about(requested_by=user, nominal=nominal)

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> Any:
        return services.record_requirement(actor=actor, nominal=nominal, values=values)


@record_schema(
    "notification_requirements",
    item=NotificationRequirementSerializer,
    write=NotificationRequirementWriteSerializer,
    tags=TAG,
)
class RequirementDetailApi(RecordApi):
    output = NotificationRequirementSerializer
    write = NotificationRequirementWriteSerializer
    write_rule = "can_record_rso"
    read_action = "notification_requirement.view"

    def fetch(self, user: User, pk: int) -> NotificationRequirement:
        return selectors.get_requirement(requested_by=user, pk=pk)

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.update_requirement(actor=actor, requirement=record, values=values, expected_version=expected)


@person_records_schema(
    "nominal_notification_breaches",
    item=BreachSerializer,
    write=BreachWriteSerializer,
    list_name="NotificationBreachList",
    tags=TAG,
    create_summary="Record a breach of the notification requirements",
)
class NominalBreachesApi(PersonRecordsApi):
    output = BreachSerializer
    write = BreachWriteSerializer
    write_rule = "can_record_rso"
    read_action = "notification_breach.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.breaches_about(requested_by=user, nominal=nominal)

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> NotificationBreach:
        return services.record_breach(actor=actor, nominal=nominal, values=values)


@record_schema("notification_breaches", item=BreachSerializer, write=BreachWriteSerializer, tags=TAG)
class BreachDetailApi(RecordApi):
    output = BreachSerializer
    write = BreachWriteSerializer
    write_rule = "can_record_rso"
    read_action = "notification_breach.view"

    def fetch(self, user: User, pk: int) -> NotificationBreach:
        return selectors.get_breach(requested_by=user, pk=pk)

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.update_breach(actor=actor, breach=record, values=values, expected_version=expected)


@person_records_schema(
    "nominal_indefinite_reviews",
    item=IndefiniteReviewSerializer,
    write=ReviewApplicationWriteSerializer,
    list_name="IndefiniteReviewList",
    tags=TAG,
    list_summary="Applications for review of the person's indefinite notification requirements",
    create_summary="Record an application for review of indefinite notification (SOA 2003 s91A-s91F)",
    create_description=(
        "Police public protection staff and the MAPPA co-ordinator. The application must be received on or "
        "after the qualifying date (or the further qualifying date of an earlier review); the determination "
        "is due by determine_by."
    ),
)
class NominalIndefiniteReviewsApi(PersonRecordsApi):
    output = IndefiniteReviewSerializer
    write = ReviewApplicationWriteSerializer
    write_rule = "can_record_indefinite_review"
    read_action = "indefinite_review.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.reviews_about(requested_by=user, nominal=nominal)

    def create(self, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> IndefiniteReview:
        requirement_id = values.pop("requirement")
        reviewable = selectors.reviewable_requirements(requested_by=actor.user, nominal=nominal)
        return services.record_review_application(
            actor=actor, nominal=nominal, requirement=reviewable.filter(pk=requirement_id).first(), values=values
        )


@record_schema(
    "indefinite_reviews",
    item=IndefiniteReviewSerializer,
    write=DeterminationWriteSerializer,
    tags=TAG,
    update_operation="determination",
    update_summary="Record the police's determination of an application for review",
    update_description=(
        "Once per application. Continuing needs reasons and gives next_application_from; a discharge needs "
        "notice_received_on and ends the requirement (its subject_until) in the same transaction."
    ),
)
class IndefiniteReviewDetailApi(RecordApi):
    output = IndefiniteReviewSerializer
    write = DeterminationWriteSerializer
    write_rule = "can_record_indefinite_review"
    read_action = "indefinite_review.view"

    def fetch(self, user: User, pk: int) -> IndefiniteReview:
        return selectors.get_review(requested_by=user, pk=pk)

    def update(self, actor: Actor, record: Any, values: dict[str, Any], expected: int) -> Any:
        return services.record_determination(actor=actor, review=record, values=values, expected_version=expected)
