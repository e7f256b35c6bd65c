"""Worklist source: home visits due and overdue (worklists/sources.py).

Scheduled visits (the clocks of rules/visits.py, stored when their facts change by
visits/due.py) and planned visits not yet recorded as done, for the registrations the user
manages or the co-ordinator's whole area: two indexed queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import F, FilteredRelation, Q, QuerySet

from access import policy
from cases.models import RegistrationStatus
from worklists.counting import codepoint_order, counted_summary
from worklists.sources import (
    Summary,
    Wanted,
    WorkItem,
    WorklistScope,
    combine,
    register_source,
)
from worklists.stored import StoredRow, stored_dues, stored_summary, url_maker

from . import due
from .models import HomeVisit, VisitStatus

_PLANNED_FIELDS = (
    "nominal_id",
    "agency__name",
    "visit_on",
    "nominal__area_id",
    "nominal__family_name",
    "nominal__given_names",
    "active__lead_agency_id",
    "active__record_manager_id",
)


def _planned(scope: WorklistScope) -> QuerySet[HomeVisit] | None:
    """Planned visits not yet recorded as done, of people with an active registration: the
    area's, or those of the user's own cases; joined to that registration (whose work)."""
    planned = (
        HomeVisit.objects.filter(status=VisitStatus.PLANNED, visit_on__lte=scope.due_by)
        .annotate(
            active=FilteredRelation(
                "nominal__registrations", condition=Q(nominal__registrations__status=RegistrationStatus.ACTIVE)
            )
        )
        .filter(active__isnull=False)
    )
    if scope.area_id is not None:
        planned = planned.filter(nominal__area_id=scope.area_id)
    elif policy.is_caseworker(scope.user) and scope.managed:
        planned = planned.filter(nominal_id__in=list(scope.managed))
    else:
        return None
    if scope.agency_id is not None:
        planned = planned.filter(active__lead_agency_id=scope.agency_id)
    return planned


def _planned_item(row: Any, person_page: Callable[[int], str]) -> WorkItem:
    nominal_id, agency, visit_on, area_id, family, given, lead_agency_id, manager_id = row
    return WorkItem(
        kind="home-visit",
        label=f"Planned home visit ({agency})",
        due_on=visit_on,
        url=person_page(nominal_id),
        area_id=area_id,
        nominal_id=nominal_id,
        person_name=f"{family.upper()}, {given}",
        owner_agency_id=lead_agency_id,
        owner_user_id=manager_id,
    )


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
    planned = _planned(scope)
    if planned is None:
        return
    person_page = url_maker("visits:person")
    for row in planned.order_by("visit_on", "pk").values_list(*_PLANNED_FIELDS):
        yield _planned_item(row, person_page)


def _planned_summary(scope: WorklistScope, wanted: Wanted) -> Summary:
    planned = _planned(scope)
    if planned is None:
        return Summary(total=0, overdue=0, first=[])
    person_page = url_maker("visits:person")
    return counted_summary(
        planned,
        scope,
        wanted,
        fields=_PLANNED_FIELDS,
        due="visit_on",
        nominal="nominal",
        label_order=[codepoint_order(F("agency__name"))],
        to_item=lambda row: _planned_item(row, person_page),
    )


def home_visits_summary(scope: WorklistScope, wanted: Wanted) -> Summary:
    """A page's answer: the stored clocks counted in SQL, with the planned visits."""
    person_page = url_maker("visits:person")
    clocks = stored_summary(due.KIND, scope, wanted, to_item=lambda row: _clock_item(row, person_page))
    return combine([clocks, _planned_summary(scope, wanted)], wanted)


@register_source("home-visit", title="Home visits", summary=home_visits_summary)
def home_visits_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each visit clock still open by the horizon, and each planned visit not yet done."""
    person_page = url_maker("visits:person")
    for row in stored_dues(due.KIND, scope):
        yield _clock_item(row, person_page)
    yield from _planned_items(scope)
