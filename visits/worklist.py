"""Worklist source: home visits due and overdue (worklists/sources.py).

Scheduled visits (the clocks of rules/visits.py, stored when their facts change by
visits/due.py) and planned visits not yet recorded as done, for the registrations the user
manages or the co-ordinator's whole area: two indexed queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse

from access import policy
from cases.models import Registration, RegistrationStatus
from register.models import Nominal
from worklists.sources import WorkItem, WorklistScope, register_source
from worklists.stored import active_registrations, stored_dues, url_maker

from . import due
from .models import HomeVisit, VisitStatus


def _planned(scope: WorklistScope) -> list[HomeVisit]:
    active = Registration.objects.filter(nominal_id=OuterRef("nominal_id"), status=RegistrationStatus.ACTIVE)
    planned = HomeVisit.objects.filter(status=VisitStatus.PLANNED, visit_on__lte=scope.due_by)
    if scope.area_id is not None:
        planned = planned.filter(Exists(active), nominal__area_id=scope.area_id)
    elif policy.is_caseworker(scope.user):
        planned = planned.filter(Exists(active.filter(record_manager_id=scope.user.pk)))
    else:
        return []
    return list(planned.select_related("nominal", "agency"))


@register_source("home-visit", title="Home visits")
def home_visits_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each visit clock still open by the horizon, and each planned visit not yet done."""
    clocks = list(stored_dues(due.KIND, scope))
    planned = _planned(scope)
    registrations = active_registrations(v.nominal_id for v in planned)

    def item(person: Nominal, label: str, due_on: date) -> WorkItem:
        registration = registrations.get(person.pk)
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

    person_page = url_maker("visits:person")
    for row in clocks:
        yield WorkItem(
            kind="home-visit",
            label=row.label,
            due_on=row.due_on,
            url=person_page(row.nominal_id),
            area_id=row.area_id,
            nominal_id=row.nominal_id,
            person_name=row.person_name,
            owner_agency_id=row.owner_agency_id,
            owner_user_id=row.owner_user_id,
        )
    for visit in planned:
        yield item(visit.nominal, f"Planned home visit ({visit.agency})", visit.visit_on)
