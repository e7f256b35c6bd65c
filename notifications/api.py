"""Notification endpoints: notifications made, the requirement, breaches, and the clocks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from kernel.actor import Actor
from kernel.api import ClockSerializer
from orders.serializers import BreachWriteSerializer
from register.models import Nominal
from register.record_endpoints import PersonRecordKind

from . import selectors, services
from .models import IndefiniteReview, NotificationEvent
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


def _events_with_recorder(*, requested_by: User, nominal: Nominal) -> QuerySet[NotificationEvent]:
    # The answer names who recorded each notification: one query, not one a row.
    return selectors.events_about(requested_by=requested_by, nominal=nominal).select_related("recorded_by")


EVENT = PersonRecordKind(NotificationEventSerializer, NotificationEventWriteSerializer, audited_as="notification")
NominalNotificationsApi = EVENT.person_records_api(
    "nominal_notifications",
    selector=_events_with_recorder,
    clock_selector=selectors.notification_clocks,
    service=services.record_notification,
    list_name="SexOffenderNotificationList",
    tags=TAG,
    list_summary="The person's notifications and notification clocks",
    create_summary="Record a notification made at a police station",
    leading={"clocks": ClockSerializer(many=True)},
)
NotificationDetailApi = EVENT.record_api(
    "notifications",
    selector=selectors.get_event,
    service=services.update_notification,
    record_keyword="event",
    tags=TAG,
)

REQUIREMENT = PersonRecordKind(
    NotificationRequirementSerializer, NotificationRequirementWriteSerializer, audited_as="notification_requirement"
)
NominalRequirementsApi = REQUIREMENT.person_records_api(
    "nominal_notification_requirements",
    selector=selectors.requirements_about,
    service=services.record_requirement,
    list_name="NotificationRequirementList",
    tags=TAG,
    create_summary="Record that the person is subject to notification",
)
RequirementDetailApi = REQUIREMENT.record_api(
    "notification_requirements",
    selector=selectors.get_requirement,
    service=services.update_requirement,
    record_keyword="requirement",
    tags=TAG,
)

BREACH = PersonRecordKind(BreachSerializer, BreachWriteSerializer, audited_as="notification_breach")
NominalBreachesApi = BREACH.person_records_api(
    "nominal_notification_breaches",
    selector=selectors.breaches_about,
    service=services.record_breach,
    list_name="NotificationBreachList",
    tags=TAG,
    create_summary="Record a breach of the notification requirements",
)
BreachDetailApi = BREACH.record_api(
    "notification_breaches",
    selector=selectors.get_breach,
    service=services.update_breach,
    record_keyword="breach",
    tags=TAG,
)


def _record_review_application(*, actor: Actor, nominal: Nominal, values: dict[str, Any]) -> IndefiniteReview:
    # The body names the requirement by id; only one of the person's reviewable ones will do
    # (any other reaches the service as None, which refuses it against the field).
    requirement_id = values.pop("requirement")
    reviewable = selectors.reviewable_requirements(requested_by=actor.user, nominal=nominal)
    return services.record_review_application(
        actor=actor, nominal=nominal, requirement=reviewable.filter(pk=requirement_id).first(), values=values
    )


REVIEW = PersonRecordKind(
    IndefiniteReviewSerializer,
    ReviewApplicationWriteSerializer,
    audited_as="indefinite_review",
    write_rule="can_record_indefinite_review",
)
NominalIndefiniteReviewsApi = REVIEW.person_records_api(
    "nominal_indefinite_reviews",
    selector=selectors.reviews_about,
    service=_record_review_application,
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
IndefiniteReviewDetailApi = REVIEW.record_api(
    "indefinite_reviews",
    selector=selectors.get_review,
    service=services.record_determination,
    record_keyword="review",
    write=DeterminationWriteSerializer,
    tags=TAG,
    update_operation="determination",
    update_summary="Record the police's determination of an application for review",
    update_description=(
        "Once per application. Continuing needs reasons and gives next_application_from; a discharge needs "
        "notice_received_on and ends the requirement (its subject_until) in the same transaction."
    ),
)
