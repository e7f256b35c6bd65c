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
from worklists.counting import CountedSource, codepoint_order
from worklists.sources import (
    Summary,
    Wanted,
    WorkItem,
    WorklistScope,
    combine,
    register_source,
)
from worklists.stored import stored_source, url_maker

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
    return planned


def _planned_item(scope: WorklistScope) -> Callable[[Any], WorkItem]:
    person_page = url_maker("visits:person")

    def item(row: Any) -> WorkItem:
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

    return item


_CLOCKS = stored_source(due.KIND, "visits:person")
_PLANNED = CountedSource(
    rows=_planned,
    fields=_PLANNED_FIELDS,
    due="visit_on",
    nominal="nominal",
    agency="active__lead_agency_id",
    item=_planned_item,
    label_order=(codepoint_order(F("agency__name")),),
)


def home_visits_summary(scope: WorklistScope, wanted: Wanted) -> Summary:
    """A page's answer: the stored clocks and the planned visits, each counted in SQL."""
    return combine([_CLOCKS.summary(scope, wanted), _PLANNED.summary(scope, wanted)], wanted)


@register_source("home-visit", title="Home visits", summary=home_visits_summary)
def home_visits_due(scope: WorklistScope) -> Iterator[WorkItem]:
    """Each visit clock still open by the horizon, and each planned visit not yet done."""
    yield from _CLOCKS.listing(scope)
    yield from _PLANNED.listing(scope)
