"""Reads of MAPPA registrations, scoped through the policy."""

from __future__ import annotations

from django.db.models import QuerySet

from access import policy
from accounts.models import CASE_MANAGING, Agency, User

from .models import LevelChange, Registration, RegistrationStatus


def my_cases(*, requested_by: User) -> QuerySet[Registration]:
    """Active registrations the user manages, soonest review first."""
    visible = policy.visible_nominals(requested_by)
    return (
        Registration.objects.filter(record_manager=requested_by, status=RegistrationStatus.ACTIVE, nominal__in=visible)
        .select_related("nominal", "lead_agency")
        .order_by("next_review_due_on", "pk")
    )


def level_history(*, registration: Registration) -> QuerySet[LevelChange]:
    return registration.level_changes.select_related("decided_by").all()


def lead_agency_choices(*, requested_by: User) -> QuerySet[Agency]:
    """Case-managing agencies in the user's area, for the registration form."""
    if not policy.works_with_people(requested_by) or requested_by.agency is None:
        return Agency.objects.none()

    return Agency.objects.filter(area_id=requested_by.agency.area_id, kind__in=list(CASE_MANAGING))


def record_manager_choices(*, requested_by: User) -> QuerySet[User]:
    if not policy.works_with_people(requested_by) or requested_by.agency is None:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            agency__area_id=requested_by.agency.area_id,
            agency__kind__in=lead_agency_choices(requested_by=requested_by).values("kind"),
        )
        .select_related("agency")
        .order_by("last_name", "username")
    )
