"""Home visit pages: the person's "Home visits" tab, the visit log and the schedules."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from access import policy
from kernel.declare import page_rule, signed_in_user
from orders.pages import create_page, edit_page, writable_nominal
from register.frame import person_page

from . import selectors, services
from .clocks import overdue_planned
from .forms import HomeVisitForm, VisitScheduleForm
from .models import ScheduleKind

SECTION = "visits"


def _back(nominal_pk: int) -> str:
    return reverse("visits:person", args=[nominal_pk])


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
        "missing_schedules": [k for k in ScheduleKind if k not in {s.kind for s in schedules}],
        "can_record": policy.can_record_rso(user, nominal),
    }
    return render(request, "visits/person.html", context)


def _default_agency(user: Any) -> int | None:
    agency = getattr(user, "agency", None)
    return agency.pk if agency is not None and agency.kind in services.VISITING_AGENCIES else None


@page_rule("people")
def create(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = writable_nominal(request, pk)
    user = signed_in_user(request)
    initial = {"agency": _default_agency(user), "visitors": user.display_name, "announced": "yes"}
    return create_page(
        request,
        nominal=nominal,
        form=HomeVisitForm(request.POST or None, initial=initial, area_id=nominal.area_id),
        create=partial(services.record_visit, nominal=nominal),
        title="Record a home visit",
        back_url=_back(nominal.pk),
        section="record_home_visit",
        done="Home visit recorded",
    )


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.get_visit(requested_by=signed_in_user(request), pk=pk)
    initial = HomeVisitForm.initial_for(visit)
    return edit_page(
        request,
        nominal=visit.nominal,
        form=HomeVisitForm(request.POST or None, initial=initial, area_id=visit.nominal.area_id),
        update=partial(services.update_visit, visit=visit),
        title="Change a home visit",
        back_url=_back(visit.nominal_id),
        section="edit_home_visit",
        done="Home visit updated",
    )


@page_rule("people")
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    nominal = writable_nominal(request, pk)
    kind = request.GET.get("kind", "")
    initial = {"kind": kind if kind in ScheduleKind.values else None}
    return create_page(
        request,
        nominal=nominal,
        form=VisitScheduleForm(request.POST or None, initial=initial),
        create=partial(services.set_schedule, nominal=nominal),
        title="Record the risk home visits are scheduled by",
        back_url=_back(nominal.pk),
        section="record_visit_schedule",
        done="Visit schedule recorded",
    )


@page_rule("people")
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_schedule(requested_by=signed_in_user(request), pk=pk)
    return edit_page(
        request,
        nominal=found.nominal,
        form=VisitScheduleForm(request.POST or None, initial=VisitScheduleForm.initial_for(found)),
        update=partial(services.update_schedule, schedule=found),
        title=f"Change the {found.get_kind_display().lower()} visit schedule",
        back_url=_back(found.nominal_id),
        section="edit_visit_schedule",
        done="Visit schedule updated",
    )
