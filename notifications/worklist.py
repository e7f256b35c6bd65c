"""Worklist source: notifications due and overdue (worklists/sources.py).

One query finds the people in scope (category 1 registrations the user manages, or the
co-ordinator's whole area), a few more fetch the facts; the dates come from rules/ via
notifications.clocks.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse

from access import policy
from cases.models import Category, RegistrationStatus
from register.models import Nominal
from rules.clocks import ClockStatus
from worklists.sources import WorkItem, WorklistScope, register_source

from .clocks import notification_clocks_for
from .selectors import with_clock_facts


def _people_in(scope: WorklistScope) -> Q | None:
    active_category_1 = Q(registrations__status=RegistrationStatus.ACTIVE)
    subject = Q(registrations__category=Category.REGISTERED_SEX_OFFENDER) | Q(notification_requirements__isnull=False)
    if scope.area_id is not None:
        return active_category_1 & subject & Q(area_id=scope.area_id)
    if policy.is_caseworker(scope.user):
        return (
            Q(registrations__status=RegistrationStatus.ACTIVE, registrations__record_manager_id=scope.user.pk) & subject
        )
    return None


@register_source("notification", title="Sex offender notifications")
def notifications_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each notification clock still open and due by the horizon."""
    where = _people_in(scope)
    if where is None:
        return
    people = with_clock_facts(Nominal.objects.filter(where).distinct())
    for person in people:
        registration = next((r for r in person.registrations.all() if r.status == RegistrationStatus.ACTIVE), None)
        for clock in notification_clocks_for(person, scope.today):
            if clock.status == ClockStatus.MET or clock.due_on is None or clock.due_on > scope.due_by:
                continue
            yield WorkItem(
                kind="notification",
                label=clock.label,
                due_on=clock.due_on,
                url=reverse("notifications:person", args=[person.pk]),
                area_id=person.area_id,
                nominal_id=person.pk,
                person_name=str(person),
                owner_agency_id=registration.lead_agency_id if registration else None,
                owner_user_id=registration.record_manager_id if registration else None,
            )
