"""Worklist source: home visits due and overdue (worklists/sources.py).

Scheduled visits (the clocks of rules/visits.py, stored when their facts change by
visits/due.py) and planned visits not yet recorded as done, for the registrations the user
manages or the co-ordinator's whole area: two indexed queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import Exists, OuterRef

from access import policy
from cases.models import Registration, RegistrationStatus
from register.models import Nominal
from worklists.sources import (
    Summary,
    Wanted,
    WorkItem,
    WorklistScope,
    combine,
    register_source,
    summarise_listed,
)
from worklists.stored import StoredRow, active_registrations, stored_dues, stored_summary, url_maker

from . import due
from .models import HomeVisit, VisitStatus


def _planned(scope: WorklistScope) -> list[HomeVisit]:
    active = Registration.objects.filter(nominal_id=OuterRef("nominal_id"), status=RegistrationStatus.ACTIVE)
    planned = HomeVisit.objects.filter(status=VisitStatus.PLANNED, visit_on__lte=scope.due_by)
    if scope.area_id is not None:
        planned = planned.filter(Exists(active), nominal__area_id=scope.area_id)
    elif policy.is_caseworker(scope.user) and scope.managed:
        planned = planned.filter(nominal_id__in=list(scope.managed))
    else:
        return []
    return list(planned.select_related("nominal", "agency"))


def _clock_item(row: StoredRow, person_page: Callable[[int], str]) -> WorkItem:
    return WorkItem(
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


def _planned_items(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each planned visit not yet recorded as done (few: planned visits are recorded soon)."""
    planned = _planned(scope)
    registrations = active_registrations(v.nominal_id for v in planned)
    person_page = url_maker("visits:person")
    for visit in planned:
        person: Nominal = visit.nominal
        registration = registrations.get(person.pk)
        yield WorkItem(
            kind="home-visit",
            label=f"Planned home visit ({visit.agency})",
            due_on=visit.visit_on,
            url=person_page(person.pk),
            area_id=person.area_id,
            nominal_id=person.pk,
            person_name=str(person),
            owner_agency_id=registration.lead_agency_id if registration else None,
            owner_user_id=registration.record_manager_id if registration else None,
        )


def home_visits_summary(scope: WorklistScope, wanted: Wanted) -> Summary:
    """A page's answer: the stored clocks counted in SQL, with the planned visits."""
    person_page = url_maker("visits:person")
    clocks = stored_summary(due.KIND, scope, wanted, to_item=lambda row: _clock_item(row, person_page))
    return combine([clocks, summarise_listed(_planned_items(scope), scope, wanted)], wanted)


@register_source("home-visit", title="Home visits", summary=home_visits_summary)
def home_visits_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each visit clock still open by the horizon, and each planned visit not yet done."""
    person_page = url_maker("visits:person")
    for row in stored_dues(due.KIND, scope):
        yield _clock_item(row, person_page)
    yield from _planned_items(scope)
