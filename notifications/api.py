"""Notification endpoints: notifications made, the requirement, breaches, and the clocks."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request

from access import policy
from accounts.models import User
from register.api import IDEMPOTENCY_PARAMETER, IF_MATCH_PARAMETER
from register.models import Nominal

from . import selectors, services
from .api_base import ClockSerializer, PersonCollectionApi, RecordApi, clocks_data
from .models import IndefiniteReview, NotificationBreach, NotificationEvent, NotificationRequirement
from .serializers import (
    BreachSerializer,
    BreachWriteSerializer,
    DeterminationWriteSerializer,
    IndefiniteReviewSerializer,
    NotificationEventSerializer,
    NotificationEventWriteSerializer,
    NotificationRequirementSerializer,
    NotificationRequirementWriteSerializer,
    ReviewApplicationWriteSerializer,
)

TAG = ["notifications"]


def _list_of(name: str, serializer: Any, **extra: Any) -> Any:
    return inline_serializer(name, {"count": serializers.IntegerField(), "results": serializer(many=True), **extra})


@extend_schema_view(
    get=extend_schema(
        operation_id="nominal_notifications_list",
        tags=TAG,
        summary="The person's notifications and notification clocks",
        responses=_list_of(
            "SexOffenderNotificationList", NotificationEventSerializer, clocks=ClockSerializer(many=True)
        ),
    ),
    post=extend_schema(
        operation_id="nominal_notifications_create",
        tags=TAG,
        summary="Record a notification made at a police station",
        request=NotificationEventWriteSerializer,
        responses={201: NotificationEventSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
)
class NominalNotificationsApi(PersonCollectionApi):
    output = NotificationEventSerializer
    write = NotificationEventWriteSerializer
    read_action = "notification.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.events_about(requested_by=user, nominal=nominal).select_related("recorded_by")

    def additions(self, user: User, nominal: Nominal) -> dict[str, Any]:
        return {"clocks": clocks_data(selectors.notification_clocks(requested_by=user, nominal=nominal))}

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> NotificationEvent:
        return services.record_notification(acting_user=user, nominal=nominal, values=values, request=request._request)


@extend_schema_view(
    get=extend_schema(operation_id="notifications_retrieve", tags=TAG, responses=NotificationEventSerializer),
    patch=extend_schema(
        operation_id="notifications_partial_update",
        tags=TAG,
        request=NotificationEventWriteSerializer,
        responses=NotificationEventSerializer,
        parameters=[IF_MATCH_PARAMETER],
    ),
)
class NotificationDetailApi(RecordApi):
    output = NotificationEventSerializer
    write = NotificationEventWriteSerializer
    read_action = "notification.view"

    def fetch(self, user: User, pk: int) -> NotificationEvent:
        return selectors.get_event(requested_by=user, pk=pk)

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        return services.update_notification(
            acting_user=user, event=record, values=values, expected_version=expected, request=request._request
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="nominal_notification_requirements_list",
        tags=TAG,
        responses=_list_of("NotificationRequirementList", NotificationRequirementSerializer),
    ),
    post=extend_schema(
        operation_id="nominal_notification_requirements_create",
        tags=TAG,
        summary="Record that the person is subject to notification",
        request=NotificationRequirementWriteSerializer,
        responses={201: NotificationRequirementSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
)
class NominalRequirementsApi(PersonCollectionApi):
    output = NotificationRequirementSerializer
    write = NotificationRequirementWriteSerializer
    read_action = "notification_requirement.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.requirements_about(requested_by=user, nominal=nominal)

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> Any:
        return services.record_requirement(acting_user=user, nominal=nominal, values=values, request=request._request)


@extend_schema_view(
    get=extend_schema(
        operation_id="notification_requirements_retrieve", tags=TAG, responses=NotificationRequirementSerializer
    ),
    patch=extend_schema(
        operation_id="notification_requirements_partial_update",
        tags=TAG,
        request=NotificationRequirementWriteSerializer,
        responses=NotificationRequirementSerializer,
        parameters=[IF_MATCH_PARAMETER],
    ),
)
class RequirementDetailApi(RecordApi):
    output = NotificationRequirementSerializer
    write = NotificationRequirementWriteSerializer
    read_action = "notification_requirement.view"

    def fetch(self, user: User, pk: int) -> NotificationRequirement:
        return selectors.get_requirement(requested_by=user, pk=pk)

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        return services.update_requirement(
            acting_user=user, requirement=record, values=values, expected_version=expected, request=request._request
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="nominal_notification_breaches_list",
        tags=TAG,
        responses=_list_of("NotificationBreachList", BreachSerializer),
    ),
    post=extend_schema(
        operation_id="nominal_notification_breaches_create",
        tags=TAG,
        summary="Record a breach of the notification requirements",
        request=BreachWriteSerializer,
        responses={201: BreachSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
)
class NominalBreachesApi(PersonCollectionApi):
    output = BreachSerializer
    write = BreachWriteSerializer
    read_action = "notification_breach.list"

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.breaches_about(requested_by=user, nominal=nominal)

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> NotificationBreach:
        return services.record_breach(acting_user=user, nominal=nominal, values=values, request=request._request)


@extend_schema_view(
    get=extend_schema(operation_id="notification_breaches_retrieve", tags=TAG, responses=BreachSerializer),
    patch=extend_schema(
        operation_id="notification_breaches_partial_update",
        tags=TAG,
        request=BreachWriteSerializer,
        responses=BreachSerializer,
        parameters=[IF_MATCH_PARAMETER],
    ),
)
class BreachDetailApi(RecordApi):
    output = BreachSerializer
    write = BreachWriteSerializer
    read_action = "notification_breach.view"

    def fetch(self, user: User, pk: int) -> NotificationBreach:
        return selectors.get_breach(requested_by=user, pk=pk)

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        return services.update_breach(
            acting_user=user, breach=record, values=values, expected_version=expected, request=request._request
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="nominal_indefinite_reviews_list",
        tags=TAG,
        summary="Applications for review of the person's indefinite notification requirements",
        responses=_list_of("IndefiniteReviewList", IndefiniteReviewSerializer),
    ),
    post=extend_schema(
        operation_id="nominal_indefinite_reviews_create",
        tags=TAG,
        summary="Record an application for review of indefinite notification (SOA 2003 s91A-s91F)",
        description=(
            "Police public protection staff and the MAPPA co-ordinator. The application must be received on or "
            "after the qualifying date (or the further qualifying date of an earlier review); the determination "
            "is due by determine_by."
        ),
        request=ReviewApplicationWriteSerializer,
        responses={201: IndefiniteReviewSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
    ),
)
class NominalIndefiniteReviewsApi(PersonCollectionApi):
    output = IndefiniteReviewSerializer
    write = ReviewApplicationWriteSerializer
    read_action = "indefinite_review.list"

    def may_write(self, user: User, nominal: Nominal) -> bool:
        return policy.can_record_indefinite_review(user, nominal)

    def records(self, user: User, nominal: Nominal) -> Any:
        return selectors.reviews_about(requested_by=user, nominal=nominal)

    def create(self, user: User, nominal: Nominal, values: dict[str, Any], request: Request) -> IndefiniteReview:
        requirement_id = values.pop("requirement")
        requirement = selectors.reviewable_requirements(requested_by=user, nominal=nominal).filter(pk=requirement_id)
        return services.record_review_application(
            acting_user=user,
            nominal=nominal,
            requirement=requirement.first(),
            values=values,
            request=request._request,
        )


@extend_schema_view(
    get=extend_schema(operation_id="indefinite_reviews_retrieve", tags=TAG, responses=IndefiniteReviewSerializer),
    patch=extend_schema(
        operation_id="indefinite_reviews_determination",
        tags=TAG,
        summary="Record the police's determination of an application for review",
        description=(
            "Once per application. Continuing needs reasons and gives next_application_from; a discharge needs "
            "notice_received_on and ends the requirement (its subject_until) in the same transaction."
        ),
        request=DeterminationWriteSerializer,
        responses=IndefiniteReviewSerializer,
        parameters=[IF_MATCH_PARAMETER],
    ),
)
class IndefiniteReviewDetailApi(RecordApi):
    output = IndefiniteReviewSerializer
    write = DeterminationWriteSerializer
    read_action = "indefinite_review.view"

    def may_write(self, user: User, nominal: Nominal) -> bool:
        return policy.can_record_indefinite_review(user, nominal)

    def fetch(self, user: User, pk: int) -> IndefiniteReview:
        return selectors.get_review(requested_by=user, pk=pk)

    def update(self, user: User, record: Any, values: dict[str, Any], expected: int, request: Request) -> Any:
        return services.record_determination(
            acting_user=user, review=record, values=values, expected_version=expected, request=request._request
        )
