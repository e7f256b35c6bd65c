"""Home visit pages: the person's "Home visits" tab, the visit log and the schedules."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from access import policy
from kernel.declare import page_rule, signed_in_user
from orders.pages import create_page, edit_page
from register.frame import person_page
from register.models import Nominal

from . import selectors, services
from .clocks import overdue_planned
from .forms import HomeVisitForm, VisitScheduleForm
from .models import ScheduleKind, VisitSchedule

SECTION = "visits"
TAB = "visits:person"


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """The schedule's clocks, overdue planned visits, the schedules and the visit log."""
    context = person_page(request, pk, SECTION)
    user, nominal = signed_in_user(request), context["nominal"]
    visits = list(selectors.visits_about(requested_by=user, nominal=nominal))
    schedules = list(selectors.schedules_about(requested_by=user, nominal=nominal))
    context |= {
        "clocks": selectors.visit_clocks(requested_by=user, nominal=nominal),
        "visits": visits,
        "overdue": overdue_planned(visits, timezone.localdate()),
        "schedules": schedules,
        "risk": selectors.risk_for_visits(requested_by=user, nominal=nominal),
        "missing_schedules": [k for k in ScheduleKind if k not in {s.kind for s in schedules}],
        "can_record": policy.can_record_rso(user, nominal),
    }
    return render(request, "visits/person.html", context)


def _new_visit(request: HttpRequest) -> dict[str, Any]:
    # Most visits are announced and made by the recorder's own agency, if it visits.
    user = signed_in_user(request)
    agency = getattr(user, "agency", None)
    own = agency.pk if agency is not None and agency.kind in services.VISITING_AGENCIES else None
    return {"agency": own, "visitors": user.display_name, "announced": "yes"}


def _agencies_of_area(nominal: Nominal) -> dict[str, Any]:
    # The visiting agencies offered are those of the person's area.
    return {"area_id": nominal.area_id}


def _kind_asked_for(request: HttpRequest) -> dict[str, Any]:
    # The tab links to this page once for each agency's missing schedule, naming its kind.
    kind = request.GET.get("kind", "")
    return {"kind": kind if kind in ScheduleKind.values else None}


def _schedule_title(schedule: VisitSchedule) -> str:
    return f"Change the {schedule.get_kind_display().lower()} visit schedule"


create = create_page(
    form=HomeVisitForm,
    initial=_new_visit,
    form_options=_agencies_of_area,
    service=services.record_visit,
    tab=TAB,
    title="Record a home visit",
    section="record_home_visit",
    done="Home visit recorded",
)
edit = edit_page(
    selector=selectors.get_visit,
    form=HomeVisitForm,
    initial=HomeVisitForm.initial_for,
    form_options=_agencies_of_area,
    service=services.update_visit,
    record_keyword="visit",
    tab=TAB,
    title="Change a home visit",
    section="edit_home_visit",
    done="Home visit updated",
)
schedule = create_page(
    form=VisitScheduleForm,
    initial=_kind_asked_for,
    service=services.set_schedule,
    tab=TAB,
    title="Record the risk home visits are scheduled by",
    section="record_visit_schedule",
    done="Visit schedule recorded",
)
schedule_edit = edit_page(
    selector=selectors.get_schedule,
    form=VisitScheduleForm,
    service=services.update_schedule,
    record_keyword="schedule",
    tab=TAB,
    title=_schedule_title,
    section="edit_visit_schedule",
    done="Visit schedule updated",
)
