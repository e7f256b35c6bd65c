"""Every read of notification records, scoped to the requesting user through the policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from access import policy
from accounts.models import User
from cases.models import Registration
from orders.rso_records import check_visible, visible_one
from register.models import Nominal
from rules.clocks import Clock
from visits.models import HomeVisit, VisitPurpose

from .clocks import notification_clocks_for
from .models import IndefiniteReview, NotificationBreach, NotificationEvent, NotificationRequirement, RequirementBasis

# The relations the clocks read, fetched once for any number of people.
CLOCK_FACTS = (
    "notification_events",
    "notification_requirements",
    "addresses",
    "convictions",
    "custody_spells",
    Prefetch("registrations", queryset=Registration.objects.order_by("-start_date", "-pk")),
)


def with_clock_facts(people: QuerySet[Nominal]) -> QuerySet[Nominal]:
    return people.prefetch_related(*CLOCK_FACTS)


def _checked(requested_by: User, nominal: Nominal) -> Nominal:
    """The person with the clocks' facts, or 404 if not the user's to see."""
    try:
        return with_clock_facts(policy.visible_nominals(requested_by)).get(pk=nominal.pk)
    except Nominal.DoesNotExist:
        raise Http404 from None


def notification_clocks(*, requested_by: User, nominal: Nominal, today: date | None = None) -> list[Clock]:
    """The person's notification compliance clocks as they stand today."""
    return notification_clocks_for(_checked(requested_by, nominal), today or timezone.localdate())


def events_about(*, requested_by: User, nominal: Nominal) -> QuerySet[NotificationEvent]:
    """Every notification the person has made, newest first."""
    check_visible(requested_by, nominal)
    return NotificationEvent.objects.filter(nominal=nominal).order_by("-notified_on", "-pk")


def requirements_about(*, requested_by: User, nominal: Nominal) -> QuerySet[NotificationRequirement]:
    check_visible(requested_by, nominal)
    return NotificationRequirement.objects.filter(nominal=nominal).select_related("order", "breach")


def breaches_about(*, requested_by: User, nominal: Nominal) -> QuerySet[NotificationBreach]:
    check_visible(requested_by, nominal)
    return NotificationBreach.objects.filter(nominal=nominal)


def verification_visits(*, requested_by: User, nominal: Nominal) -> QuerySet[HomeVisit]:
    """Home visits made to verify what the person notified."""
    check_visible(requested_by, nominal)
    return HomeVisit.objects.filter(nominal=nominal, purpose=VisitPurpose.VERIFICATION).select_related("agency")


def get_event(*, requested_by: User, pk: Any) -> NotificationEvent:
    return visible_one(NotificationEvent.objects.select_related("nominal"), requested_by, pk)


def get_requirement(*, requested_by: User, pk: Any) -> NotificationRequirement:
    return visible_one(NotificationRequirement.objects.select_related("nominal"), requested_by, pk)


def get_breach(*, requested_by: User, pk: Any) -> NotificationBreach:
    return visible_one(NotificationBreach.objects.select_related("nominal"), requested_by, pk)


def reviews_about(*, requested_by: User, nominal: Nominal) -> QuerySet[IndefiniteReview]:
    """Applications for review of indefinite notification, newest first."""
    if not policy.can_view_indefinite_reviews(requested_by, nominal):
        raise Http404
    return IndefiniteReview.objects.filter(nominal=nominal).select_related("requirement", "recorded_by")


def get_review(*, requested_by: User, pk: Any) -> IndefiniteReview:
    return visible_one(IndefiniteReview.objects.select_related("nominal"), requested_by, pk)


def reviewable_requirements(*, requested_by: User, nominal: Nominal) -> QuerySet[NotificationRequirement]:
    """The person's requirements an application for review can be about: indefinite ones
    from a conviction, caution, finding or notification order (s91A(3))."""
    return requirements_about(requested_by=requested_by, nominal=nominal).filter(
        basis__in=[RequirementBasis.CONVICTION, RequirementBasis.NOTIFICATION_ORDER], subject_until__isnull=True
    )
