"""Worklist source: home visits due and overdue (worklists/sources.py).

Scheduled visits (the clocks of rules/visits.py) and planned visits not yet recorded as
done, for the registrations the user manages or the co-ordinator's whole area.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Q
from django.urls import reverse

from access import policy
from cases.models import RegistrationStatus
from register.models import Nominal
from rules.clocks import ClockStatus
from worklists.sources import WorkItem, WorklistScope, register_source

from .clocks import visit_clocks_for
from .models import VisitStatus
from .selectors import with_clock_facts


def _people_in(scope: WorklistScope) -> Q | None:
    if scope.area_id is not None:
        return Q(registrations__status=RegistrationStatus.ACTIVE, area_id=scope.area_id)
    if policy.is_caseworker(scope.user):
        return Q(registrations__status=RegistrationStatus.ACTIVE, registrations__record_manager_id=scope.user.pk)
    return None


def _item(person: Nominal, label: str, due_on: date) -> WorkItem:
    registration = next((r for r in person.registrations.all() if r.status == RegistrationStatus.ACTIVE), None)
    return WorkItem(
        kind="home-visit",
        label=label,
        due_on=due_on,
        url=reverse("visits:person", args=[person.pk]),
        area_id=person.area_id,
        nominal_id=person.pk,
        person_name=str(person),
        owner_agency_id=registration.lead_agency_id if registration else None,
        owner_user_id=registration.record_manager_id if registration else None,
    )


@register_source("home-visit", title="Home visits")
def home_visits_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each visit clock still open by the horizon, and each planned visit not yet done."""
    where = _people_in(scope)
    if where is None:
        return
    with_visits = Q(visit_schedules__isnull=False) | Q(home_visits__status=VisitStatus.PLANNED)
    people = with_clock_facts(Nominal.objects.filter(where).filter(with_visits).distinct())
    for person in people:
        for clock in visit_clocks_for(person, scope.today):
            if clock.status != ClockStatus.MET and clock.due_on is not None and clock.due_on <= scope.due_by:
                yield _item(person, clock.label, clock.due_on)
        for visit in person.home_visits.all():
            if visit.status == VisitStatus.PLANNED and visit.visit_on <= scope.due_by:
                yield _item(person, f"Planned home visit ({visit.agency})", visit.visit_on)
