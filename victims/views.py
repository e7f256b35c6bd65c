"""Victims pages: the restricted "Victims" tab of a person's record, each victim and what
they must be told. Without the grant every page answers 404, as for a missing record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from access import policy
from audit import trail
from kernel.actor import actor_of
from kernel.declare import page_rule, signed_in_user
from kernel.errors import VersionConflict
from kernel.web import add_service_errors
from register import selectors as register_selectors
from register import services as register_services
from register.frame import person_page

from . import selectors, services
from .forms import NotificationForm, VictimForm
from .models import Victim

CONFLICT_MESSAGE = (
    "Someone else changed this victim's record while you were working on it. Nothing has been saved: check it "
    "and try again."
)


@page_rule("people")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
    victims = list(selectors.victims_of(requested_by=user, nominal=nominal))  # 404 without the grant
    context = person_page(request, pk, "victims")
    context |= {"victims": victims, "can_edit_victims": policy.can_edit_victims(user, nominal)}
    return render(request, "victims/person.html", context)


@page_rule("people")
def create(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    nominal = register_selectors.get_nominal(requested_by=user, pk=pk)
    if not policy.can_edit_victims(user, nominal):
        raise Http404
    form = VictimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            victim = services.record_victim(acting_user=user, nominal=nominal, values=form.values(), request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Victim recorded")
            return redirect("victims:detail", pk=victim.pk)
    # The form shows the person's name and identifiers: a read of their record.
    register_services.record_view(actor=actor_of(request), nominal=nominal, section="add_victim")
    return render(request, "victims/victim_form.html", {"form": form, "nominal": nominal, "victim": None})


@page_rule("people")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    victim = selectors.get_victim(requested_by=user, pk=pk)
    trail.record(actor=user, action="victim.view", obj=victim, nominal_id=victim.nominal_id, request=request)
    return render(
        request,
        "victims/detail.html",
        {
            "victim": victim,
            "nominal": victim.nominal,
            "notifications": list(victim.notifications.all()),
            "can_edit": policy.can_edit_victims(user, victim.nominal),
            "history": list(selectors.history(victim=victim)[:100]),
        },
    )


def _editable(request: HttpRequest, pk: int) -> Victim:
    victim = selectors.get_victim(requested_by=request.user, pk=pk)
    if not policy.can_edit_victims(request.user, victim.nominal):
        raise Http404
    return victim


@page_rule("people")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    victim = _editable(request, pk)
    initial = {f: getattr(victim, f) for f in services.VICTIM_FIELDS} | {"version": victim.version}
    form = VictimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_victim(
                acting_user=user,
                victim=victim,
                values=form.values(),
                expected_version=form.cleaned_data.get("version"),
                request=request,
            )
        except VersionConflict:
            form.add_error(None, CONFLICT_MESSAGE)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Victim's record updated")
            return redirect("victims:detail", pk=victim.pk)
    return render(request, "victims/victim_form.html", {"form": form, "nominal": victim.nominal, "victim": victim})


@page_rule("people")
def add_notification(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    victim = _editable(request, pk)
    form = NotificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_notification(acting_user=user, victim=victim, values=form.cleaned_data, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Notification recorded")
            return redirect("victims:detail", pk=victim.pk)
    return render(request, "victims/notification_form.html", {"form": form, "victim": victim})
